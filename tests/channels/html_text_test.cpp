#include "channels/html_text.hpp"

#include <gtest/gtest.h>

namespace kesu::channels {
namespace {

TEST(HtmlToText, KeepsParagraphsAndDropsMarkup) {
    EXPECT_EQ(HtmlToText("<p>第一段</p>\n\n<p>第二段  有   空格</p>"), "第一段\n第二段 有 空格");
    EXPECT_EQ(HtmlToText("<div>a<br/>b</div><div><div>c</div></div>"), "a\nb\nc");
    EXPECT_EQ(HtmlToText("<script>var x = '<p>';</script><style>p {}</style>正文"), "正文");
    EXPECT_EQ(HtmlToText("&lt;订单&gt; &amp; &#x4E2D;&#25991;"), "<订单> & 中文");
    EXPECT_EQ(HtmlToText("<pre>  缩进\n  保留</pre>"), "  缩进\n  保留");
}

// Found by the mail_parser fuzz target: a block holding spaces alone, trimmed to nothing at its end, read the last
// character of an empty string (undefined behaviour, reported by the sanitizer builds).
TEST(HtmlToText, ABlockOfSpacesAloneLeavesNothingBehind) {
    EXPECT_EQ(HtmlToText("<pre> </pre><p>x</p>"), "x");
    EXPECT_EQ(HtmlToText("<tar><pre> \x01</pre><br><pre> x\n y</pre>"), " x\n y");  // libxml2 drops the \x01
    EXPECT_EQ(HtmlToText("<pre>   </pre>"), "");
}

TEST(HtmlToText, RecoversFromBrokenMarkup) {
    EXPECT_EQ(HtmlToText("<p>未闭合<b>加粗<p>下一段"), "未闭合加粗\n下一段");
    EXPECT_EQ(HtmlToText("价格<100元，数量>5"), "价格<100元，数量>5");
    EXPECT_EQ(HtmlToText("a&nbsp;&nbsp;b"), "a b");
    EXPECT_EQ(HtmlToText(""), "");
}

TEST(HtmlToText, StopsAtAbsurdNesting) {
    std::string html;
    for (int i = 0; i < 5000; ++i) html += "<div>";
    html += "深处";
    EXPECT_NO_FATAL_FAILURE(HtmlToText(html));
}

}  // namespace
}  // namespace kesu::channels
