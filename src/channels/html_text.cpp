#include "channels/html_text.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <array>
#include <climits>
#include <mutex>

namespace kesu::channels {

namespace {

bool NameIs(const xmlNode* node, std::string_view name) {
    return node->name != nullptr && std::string_view(reinterpret_cast<const char*>(node->name)) == name;
}

template <std::size_t N>
bool NameIn(const xmlNode* node, const std::array<std::string_view, N>& names) {
    for (std::string_view name : names)
        if (NameIs(node, name)) return true;
    return false;
}

constexpr std::array<std::string_view, 7> kSkipped{"script",   "style",    "head",  "title",
                                                   "noscript", "template", "object"};
constexpr std::array<std::string_view, 22> kBlocks{"p",  "div", "section", "article",    "header", "footer", "h1", "h2",
                                                   "h3", "h4",  "h5",      "h6",         "table",  "tr",     "ul", "ol",
                                                   "li", "pre", "hr",      "blockquote", "form",   "address"};

class TextWriter {
public:
    void Text(std::string_view text, bool preformatted) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (preformatted) {
                if (c == '\n') {
                    LineBreak();
                } else if (c != '\r') {
                    Put(c);
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pending_space_ = true;
                continue;
            }
            if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // &nbsp;
                pending_space_ = true;
                ++i;
                continue;
            }
            Put(c);
        }
    }
    void LineBreak() {
        TrimTrailingSpaces();
        out_ += '\n';
        pending_space_ = false;
    }
    void BlockBoundary() {
        TrimTrailingSpaces();  // may leave nothing: text of spaces alone (found by tests/fuzz, mail_parser)
        if (out_.empty()) return;
        if (out_.back() != '\n') out_ += '\n';
        pending_space_ = false;
    }
    void Separator(std::string_view separator) {
        if (!out_.empty() && out_.back() != '\n') out_ += separator;
        pending_space_ = false;
    }
    std::string Finish() {
        TrimTrailingSpaces();
        // At most one empty line in a row, none at the start or end.
        std::string text;
        int newlines = 0;
        for (char c : out_) {
            if (c == '\n') {
                ++newlines;
                continue;
            }
            if (!text.empty()) text.append(static_cast<std::size_t>(std::min(newlines, 2)), '\n');
            newlines = 0;
            text += c;
        }
        return text;
    }

private:
    void Put(char c) {
        if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_ += ' ';
        pending_space_ = false;
        out_ += c;
    }
    void TrimTrailingSpaces() {
        while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
    }

    std::string out_;
    bool pending_space_ = false;
};

void Walk(const xmlNode* node, TextWriter& writer, bool preformatted, int depth) {
    if (depth > 200) return;  // deeply nested junk: the text so far is enough
    for (; node != nullptr; node = node->next) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content != nullptr) writer.Text(reinterpret_cast<const char*>(node->content), preformatted);
            continue;
        }
        if (node->type != XML_ELEMENT_NODE) continue;
        if (NameIn(node, kSkipped)) continue;
        if (NameIs(node, "br")) {
            writer.LineBreak();
            continue;
        }
        const bool block = NameIn(node, kBlocks);
        if (block) writer.BlockBoundary();
        if (NameIs(node, "li")) writer.Text("- ", true);
        if (NameIs(node, "td") || NameIs(node, "th")) writer.Separator("\t");
        Walk(node->children, writer, preformatted || NameIs(node, "pre"), depth + 1);
        if (block) writer.BlockBoundary();
    }
}

}  // namespace

std::string HtmlToText(std::string_view html) {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
    if (html.empty()) return {};
    const int size = html.size() > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(html.size());
    htmlDocPtr document = htmlReadMemory(
        html.data(), size, nullptr, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (document == nullptr) return {};
    TextWriter writer;
    Walk(xmlDocGetRootElement(document) != nullptr ? document->children : nullptr, writer, false, 0);
    xmlFreeDoc(document);
    return writer.Finish();
}

}  // namespace kesu::channels
