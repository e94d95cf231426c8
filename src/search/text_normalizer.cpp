#include "search/text_normalizer.hpp"

#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/SimpleConverter.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <set>

#include "search/utf8.hpp"

namespace kesu::search {
namespace {

using domain::ErrorCode;

// Base letters for U+00C0..U+017F; '*' marks entries handled in FoldLatin, ' ' marks non-letters kept as is.
constexpr std::string_view kLatinBase =
    "aaaaaa*ceeeeiiiidnooooo ouuuuy**"   // U+00C0..U+00DF
    "aaaaaa*ceeeeiiiidnooooo ouuuuy*y"   // U+00E0..U+00FF
    "aaaaaaccccccccddddeeeeeeeeeegggg"   // U+0100..U+011F
    "gggghhhhiiiiiiiiii**jjkkklllllll"   // U+0120..U+013F
    "lllnnnnnnnnnoooooo**rrrrrrssssss"   // U+0140..U+015F
    "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";  // U+0160..U+017F
static_assert(kLatinBase.size() == 0x180 - 0xC0);

void FoldLatin(char32_t code_point, std::string& out) {
    switch (code_point) {
        case 0xC6:
        case 0xE6:
            out += "ae";
            return;
        case 0xDE:
        case 0xFE:
            out += "th";
            return;
        case 0xDF:
            out += "ss";
            return;
        case 0x132:
        case 0x133:
            out += "ij";
            return;
        case 0x152:
        case 0x153:
            out += "oe";
            return;
        default:
            break;
    }
    const char base = kLatinBase[code_point - 0xC0];
    if (base == ' ') {
        AppendUtf8(out, code_point);
    } else {
        out.push_back(base);
    }
}

// Appends the folded form of one code point (possibly none, possibly two characters).
void FoldCodePoint(char32_t code_point, std::string& out) {
    if (code_point < 0x80) {
        if (code_point >= U'A' && code_point <= U'Z') code_point += 0x20;
        out.push_back(static_cast<char>(code_point));
        return;
    }
    if (code_point >= 0xFF01 && code_point <= 0xFF5E) return FoldCodePoint(code_point - 0xFEE0, out);
    if (code_point == 0x3000 || code_point == 0xA0) return out.push_back(' ');
    if (code_point >= 0x300 && code_point <= 0x36F) return;  // combining accents of decomposed text
    if (code_point >= 0xC0 && code_point <= 0x17F) return FoldLatin(code_point, out);
    if ((code_point >= 0x391 && code_point <= 0x3A9) || (code_point >= 0x410 && code_point <= 0x42F)) {
        code_point += 0x20;
    } else if (code_point >= 0x400 && code_point <= 0x40F) {
        code_point += 0x50;
    }
    AppendUtf8(out, code_point);
}

bool ContainsHan(std::string_view text) {
    for (std::size_t offset = 0; offset < text.size();) {
        const auto [code_point, length] = DecodeUtf8(text, offset);
        if (code_point >= 0x3400 && IsCjk(code_point)) return true;
        offset += length;
    }
    return false;
}

std::vector<char32_t> CodePoints(std::string_view text) {
    std::vector<char32_t> out;
    for (std::size_t offset = 0; offset < text.size();) {
        const auto [code_point, length] = DecodeUtf8(text, offset);
        out.push_back(code_point);
        offset += length;
    }
    return out;
}

// Loads the configuration again through OpenCC's Config to read its conversion dictionaries (SimpleConverter
// hides them). Any failure just disables the shortcut.
std::shared_ptr<std::set<char32_t>> ConvertibleCharacters(const std::string& config_name) {
    opencc::ConverterPtr converter;
    for (const std::string& path : {config_name, "/usr/share/opencc/" + config_name}) {  // Debian's data directory
        try {
            converter = opencc::Config().NewFromFile(path);
            break;
        } catch (const std::exception&) {
        }
    }
    if (!converter) return nullptr;
    auto characters = std::make_shared<std::set<char32_t>>();
    try {
        for (const opencc::ConversionPtr& conversion : converter->GetConversionChain()->GetConversions()) {
            std::vector<opencc::DictPtr> dicts;
            if (auto group = std::dynamic_pointer_cast<opencc::DictGroup>(conversion->GetDict())) {
                for (const opencc::DictPtr& dict : group->GetDicts()) dicts.push_back(dict);
            } else {
                dicts.push_back(conversion->GetDict());
            }
            for (const opencc::DictPtr& dict : dicts) {
                const opencc::LexiconPtr lexicon = dict->GetLexicon();
                for (std::size_t i = 0; i < lexicon->Length(); ++i) {
                    const opencc::DictEntry* entry = lexicon->At(i);
                    const std::vector<char32_t> key = CodePoints(entry->Key());
                    const std::vector<char32_t> value = CodePoints(entry->GetDefault());
                    if (key == value) continue;
                    // An entry that changes text holds, where it differs, characters of its own; an entry whose
                    // length changes counts with all its characters.
                    for (std::size_t j = 0; j < key.size(); ++j)
                        if (key.size() != value.size() || key[j] != value[j]) characters->insert(key[j]);
                }
            }
        }
    } catch (const std::exception&) {
        return nullptr;
    }
    return characters;
}

}  // namespace

bool TextNormalizer::Convertible::Has(char32_t code_point) const {
    if (code_point < 0x10000) return basic[code_point];
    return std::binary_search(astral.begin(), astral.end(), code_point);
}

TextNormalizer::TextNormalizer(std::shared_ptr<const opencc::SimpleConverter> converter,
                               std::shared_ptr<const Convertible> convertible)
    : converter_(std::move(converter)), convertible_(std::move(convertible)) {}

domain::Result<TextNormalizer> TextNormalizer::Create(std::string_view opencc_config) {
    std::shared_ptr<const opencc::SimpleConverter> converter;
    try {
        converter = std::make_shared<const opencc::SimpleConverter>(std::string(opencc_config));
    } catch (const std::exception& error) {
        return domain::Fail(ErrorCode::kUnavailable, "cannot load the OpenCC configuration '" +
                                                         std::string(opencc_config) + "': " + error.what());
    }
    std::shared_ptr<Convertible> convertible;
    if (auto characters = ConvertibleCharacters(std::string(opencc_config))) {
        convertible = std::make_shared<Convertible>();
        convertible->basic.assign(0x10000, false);
        for (const char32_t code_point : *characters) {
            if (code_point < 0x10000) convertible->basic[code_point] = true;
            else convertible->astral.push_back(code_point);  // std::set iterates in order
        }
        convertible->count = characters->size();
    }
    return TextNormalizer(std::move(converter), std::move(convertible));
}

bool TextNormalizer::NeedsConversion(std::string_view folded) const {
    if (!ContainsHan(folded)) return false;
    if (convertible_ == nullptr) return true;
    for (std::size_t offset = 0; offset < folded.size();) {
        const auto [code_point, length] = DecodeUtf8(folded, offset);
        if (convertible_->Has(code_point)) return true;
        offset += length;
    }
    return false;
}

std::string TextNormalizer::Normalize(std::string_view text) const { return NormalizeInto(text, nullptr); }

NormalizedText TextNormalizer::NormalizeWithOffsets(std::string_view text) const {
    NormalizedText result;
    result.text = NormalizeInto(text, &result.source_offsets);
    return result;
}

std::string TextNormalizer::NormalizeInto(std::string_view text, std::vector<std::uint32_t>* source_offsets) const {
    std::string folded;
    folded.reserve(text.size());
    std::vector<std::uint32_t> folded_offsets;
    if (source_offsets != nullptr) folded_offsets.reserve(text.size() + 1);
    for (std::size_t offset = 0; offset < text.size();) {
        const auto [code_point, length] = DecodeUtf8(text, offset);
        FoldCodePoint(code_point, folded);
        if (source_offsets != nullptr) folded_offsets.resize(folded.size(), static_cast<std::uint32_t>(offset));
        offset += length;
    }
    if (source_offsets != nullptr) folded_offsets.push_back(static_cast<std::uint32_t>(text.size()));
    if (!NeedsConversion(folded)) {
        if (source_offsets != nullptr) *source_offsets = std::move(folded_offsets);
        return folded;
    }

    std::string converted = converter_->Convert(folded.data(), folded.size());
    if (source_offsets == nullptr) return converted;

    // OpenCC converts phrase by phrase; when the character count is unchanged characters map one to one.
    const bool same_length = CountCodePoints(converted) == CountCodePoints(folded);
    if (!same_length) {
        converted.clear();
        for (std::size_t offset = 0; offset < folded.size();) {
            const std::size_t length = DecodeUtf8(folded, offset).length;
            std::string one = converter_->Convert(folded.data() + offset, length);
            converted += CountCodePoints(one) == 1 ? one : folded.substr(offset, length);
            offset += length;
        }
    }
    source_offsets->clear();
    source_offsets->reserve(converted.size() + 1);
    std::size_t folded_offset = 0;
    for (std::size_t offset = 0; offset < converted.size();) {
        const std::size_t length = DecodeUtf8(converted, offset).length;
        source_offsets->insert(source_offsets->end(), length, folded_offsets[folded_offset]);
        folded_offset += DecodeUtf8(folded, folded_offset).length;
        offset += length;
    }
    source_offsets->push_back(static_cast<std::uint32_t>(text.size()));
    return converted;
}

}  // namespace kesu::search
