// Receipts and service records as their readers get them: the PDF's text read back with poppler's
// pdftotext (as a viewer without Chinese fonts would show it, since the fonts are embedded), long
// tables over several pages with the header repeated, markup characters shown literally, and
// several threads rendering at once.
#include "pdf/document.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

namespace linli::pdf {
namespace {

bool HaveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// The standard output of a shell command.
std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

// A PDF written to a file of its own, removed at the end of the test.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) {
    std::string path = (std::filesystem::temp_directory_path() / "linli-pdf-XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd >= 0) close(fd);
    path_ = path;
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~PdfFile() { std::filesystem::remove(path_); }
  // The text of the PDF laid out as on the page; pages are separated by form feeds.
  std::string Text() const { return Run("pdftotext -layout '" + path_ + "' -"); }
  int Pages() const {
    std::smatch m;
    const std::string info = Run("pdfinfo '" + path_ + "'");
    return std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")) ? std::stoi(m[1]) : -1;
  }

 private:
  std::string path_;
};

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> pages;
  std::size_t start = 0;
  for (std::size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1) {
    pages.push_back(text.substr(start, ff - start));
  }
  if (start < text.size()) pages.push_back(text.substr(start));
  return pages;
}

// A yearly service record: key-values, a 120-row table and signatures.
Document ServiceRecord(int rows = 120) {
  Document doc;
  doc.title = "党员到社区（小区）报到回执单";
  doc.subtitle = "编号：LL-2026-000123　　开具日期：2026年3月2日";
  doc.footer = "本回执由邻里社区治理平台生成，可扫码或凭编号核验";
  doc.blocks.push_back({.kind = Block::Kind::kKeyValues,
                        .pairs = {{"姓名", "张三"},
                                  {"性别", "男"},
                                  {"所在党支部", "幸福里社区第一党支部"},
                                  {"报到时间", "2026年3月2日"},
                                  {"联系电话", "138****5678"},
                                  {"认领岗位", "楼栋长"},
                                  {"服务地址",
                                   "幸福里小区3号楼2单元，负责本楼栋的邻里纠纷调解、政策宣传与"
                                   "独居老人走访"}}});
  doc.blocks.push_back({.kind = Block::Kind::kHeading, .text = "一、年度服务记录"});
  doc.blocks.push_back({.kind = Block::Kind::kParagraph,
                        .text = "该同志于本年度在社区报到后积极参加志愿服务，具体记录如下。"});
  Block table{.kind = Block::Kind::kTable, .header = {"序号", "日期", "服务内容", "时长（小时）"}};
  for (int i = 1; i <= rows; ++i) {
    table.rows.push_back({std::to_string(i), "2026-03-" + std::to_string(1 + i % 28),
                          "服务记录第" + std::to_string(i) + "条：入户走访、垃圾分类宣传",
                          std::to_string(1 + i % 3)});
  }
  doc.blocks.push_back(std::move(table));
  doc.blocks.push_back({.kind = Block::Kind::kSpacer});
  doc.blocks.push_back({.kind = Block::Kind::kSignature, .signatures = {"党支部（盖章）", "日期"}});
  return doc;
}

TEST(PdfRender, LongServiceRecordBreaksPagesAndRepeatsTheHeader) {
  auto pdf = RenderPdf(ServiceRecord());
  ASSERT_TRUE(pdf) << pdf.error().message;
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) GTEST_SKIP() << "poppler-utils missing";

  PdfFile file(*pdf);
  const std::string text = file.Text();
  EXPECT_NE(text.find("党员到社区（小区）报到回执单"), std::string::npos) << text;
  EXPECT_NE(text.find("幸福里社区第一党支部"), std::string::npos);
  EXPECT_NE(text.find("服务记录第1条"), std::string::npos);
  EXPECT_NE(text.find("服务记录第120条"), std::string::npos);
  EXPECT_NE(text.find("党支部（盖章）"), std::string::npos);

  const std::vector<std::string> pages = SplitPages(text);
  ASSERT_GT(pages.size(), 1u);
  EXPECT_NE(pages[1].find("服务内容"), std::string::npos) << "header not repeated:\n" << pages[1];
  EXPECT_NE(pages[1].find("时长（小时）"), std::string::npos);
  // The title is on the first page only.
  EXPECT_EQ(pages[1].find("报到回执单"), std::string::npos);

  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex(R"(共\s*(\d+)\s*页)"))) << text;
  const int total = std::stoi(m[1]);
  EXPECT_GT(total, 1);
  EXPECT_EQ(file.Pages(), total);
  // pdftotext drops the narrow spaces between Chinese characters.
  EXPECT_TRUE(
      std::regex_search(pages.back(), std::regex("第\\s*" + std::to_string(total) + "\\s*页")));
  EXPECT_NE(pages.back().find("本回执由邻里社区治理平台生成"), std::string::npos);
}

TEST(PdfRender, ShortReceiptIsOnePage) {
  auto pdf = RenderPdf(ServiceRecord(3));
  ASSERT_TRUE(pdf) << pdf.error().message;
  if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) GTEST_SKIP() << "poppler-utils missing";
  PdfFile file(*pdf);
  EXPECT_EQ(file.Pages(), 1);
  EXPECT_TRUE(std::regex_search(file.Text(), std::regex(R"(共\s*1\s*页)")));
}

TEST(PdfRender, MarkupCharactersAreShownLiterally) {
  Document doc;
  doc.title = "标题 <b>&";
  doc.blocks.push_back({.kind = Block::Kind::kParagraph, .text = "正文 <b>& <i>x</i> &amp;"});
  doc.blocks.push_back(
      {.kind = Block::Kind::kTable, .header = {"项目"}, .rows = {{"单元格 <b>&"}}});

  const std::string html = RenderHtml(doc);
  EXPECT_NE(html.find("标题 &lt;b&gt;&amp;"), std::string::npos);
  EXPECT_NE(html.find("正文 &lt;b&gt;&amp; &lt;i&gt;x&lt;/i&gt; &amp;amp;"), std::string::npos);
  EXPECT_NE(html.find("单元格 &lt;b&gt;&amp;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);

  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "pdftotext missing";
  const std::string text = PdfFile(*pdf).Text();
  EXPECT_NE(text.find("标题 <b>&"), std::string::npos) << text;
  EXPECT_NE(text.find("正文 <b>& <i>x</i> &amp;"), std::string::npos) << text;
  EXPECT_NE(text.find("单元格 <b>&"), std::string::npos) << text;
}

TEST(PdfRender, ConcurrentCallsAllSucceed) {
  constexpr int kThreads = 4;
  std::vector<Result<std::string>> results(kThreads, Internal("not run"));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&results, t] {
      Document doc = ServiceRecord(40 + 20 * t);
      doc.title += std::to_string(t);
      results[t] = RenderPdf(doc);
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_TRUE(results[t]) << results[t].error().message;
    EXPECT_EQ(results[t]->rfind("%PDF-", 0), 0u);
  }
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "pdftotext missing";
  for (int t = 0; t < kThreads; ++t) {
    const std::string text = PdfFile(*results[t]).Text();
    EXPECT_NE(text.find("报到回执单" + std::to_string(t)), std::string::npos);
    EXPECT_NE(text.find("服务记录第" + std::to_string(40 + 20 * t) + "条"), std::string::npos);
  }
}

TEST(PdfRender, RowTallerThanAPageIsSplit) {
  Document doc;
  doc.title = "长单元格";
  std::string long_text;
  for (int i = 1; i <= 150; ++i) long_text += "第" + std::to_string(i) + "行\n";
  doc.blocks.push_back({.kind = Block::Kind::kTable,
                        .header = {"事项", "说明"},
                        .rows = {{"甲", long_text + "结束标记"}, {"乙", "最后一行"}}});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "pdftotext missing";
  const std::string text = PdfFile(*pdf).Text();
  const std::vector<std::string> pages = SplitPages(text);
  EXPECT_GT(pages.size(), 1u);
  EXPECT_NE(text.find("结束标记"), std::string::npos);
  EXPECT_NE(text.find("最后一行"), std::string::npos);
  EXPECT_NE(pages[1].find("说明"), std::string::npos);
}

TEST(PdfRender, RejectsTextThatIsNotUtf8) {
  Document doc;
  doc.blocks.push_back({.kind = Block::Kind::kTable, .header = {"a"}, .rows = {{"ok"}, {"\xFF"}}});
  auto pdf = RenderPdf(doc);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(pdf.error().field, "blocks[0].rows[1][0]");
  // The HTML shows the bad byte as a replacement character instead.
  EXPECT_NE(RenderHtml(doc).find(">\xEF\xBF\xBD</td>"), std::string::npos);
}

TEST(PdfRender, RejectsARowLongerThanTheHeader) {
  Document doc;
  doc.blocks.push_back({.kind = Block::Kind::kTable, .header = {"a"}, .rows = {{"1", "2"}}});
  auto pdf = RenderPdf(doc);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(pdf.error().field, "blocks[0].rows[0]");
}

TEST(PdfRender, EmptyDocumentIsOneBlankPage) {
  auto pdf = RenderPdf(Document{});
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
}

TEST(PdfHtml, IsACompletePrintablePage) {
  Document doc = ServiceRecord(2);
  doc.footer = "页脚 \"</style><script>alert(1)</script>\\";
  const std::string html = RenderHtml(doc);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  EXPECT_NE(html.find(">打印</button>"), std::string::npos);
  EXPECT_NE(html.find(".toolbar, .screen-footer { display: none; }"), std::string::npos);
  EXPECT_NE(html.find("<thead><tr><th scope=\"col\" class=\"short\">序号</th>"), std::string::npos);
  EXPECT_NE(html.find("党支部（盖章）"), std::string::npos);
  EXPECT_NE(html.rfind("</html>\n"), std::string::npos);
  // The footer goes into a CSS string and into the page: neither lets the markup through.
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("</style>"), html.find("</style>\n</head>"));
}

TEST(PdfLayout, KeyValuesPairUpWhenShort) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  const Pairs pairs = {{"姓名", "张三"},
                       {"性别", "男"},
                       {"地址", "一个很长很长很长很长很长很长很长很长的地址"},
                       {"电话", "138****5678"},
                       {"备注", "无"},
                       {"单独", "一"}};
  const std::vector<std::vector<std::size_t>> want = {{0, 1}, {2}, {3, 4}, {5}};
  EXPECT_EQ(ArrangeKeyValues(pairs), want);
}

}  // namespace
}  // namespace linli::pdf
