// One document model, two outputs: an A4 PDF (Cairo + Pango, Noto CJK embedded as subsets, so any
// viewer shows the Chinese text) and a self-contained printable HTML page. Used for party members'
// registration receipts (报到回执单) and yearly service records (全程纪实).
//
// All text is plain text: `<`, `&` and the like are shown literally in both outputs, and "\n"
// starts a new line. Text must be valid UTF-8 (RenderPdf answers InvalidArgument otherwise;
// RenderHtml shows invalid bytes as U+FFFD).
//
// Thread-safety: the model is a plain value; RenderPdf and RenderHtml keep no shared state and may
// be called from several threads at once (each PDF call has its own Cairo surface and Pango
// context; Pango's default font map is per thread).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace linli::pdf {

// One piece of the body, laid out top to bottom.
struct Block {
  enum class Kind { kHeading, kParagraph, kKeyValues, kTable, kSignature, kSpacer };
  Kind kind = Kind::kParagraph;
  // kHeading, kParagraph.
  std::string text{};
  // kKeyValues: (label, value), shown as a bordered grid of two pairs a row; a pair whose value is
  // long takes a row of its own (see ArrangeKeyValues).
  std::vector<std::pair<std::string, std::string>> pairs{};
  // kTable: the header (may be empty) and the rows. Cells wrap; a long table breaks across pages
  // with the header repeated. A row may be shorter than the header (the rest is left blank) but
  // not longer.
  std::vector<std::string> header{};
  std::vector<std::vector<std::string>> rows{};
  // kSignature: labels drawn with a blank line to sign on, e.g. {"党支部（盖章）", "日期"}.
  std::vector<std::string> signatures{};
};

struct Document {
  std::string title{};  // big centred title on the first page, e.g. 党员到社区（小区）报到回执单
  std::string subtitle{};  // small centred line under the title (number, date)
  std::vector<Block> blocks{};
  std::string footer{};  // small text at the bottom of every page, beside "第 N 页 / 共 M 页"
  std::string lang = "zh-CN";
};

// The PDF bytes of `doc` on A4 pages. InvalidArgument for text that is not UTF-8 or a table row
// longer than its header; FailedPrecondition when no installed font has Chinese glyphs (install
// fonts-noto-cjk); Internal when Cairo fails.
Result<std::string> RenderPdf(const Document& doc);

// A complete HTML page for `doc`: every text HTML-escaped, CSS inline, A4 print styles with the
// footer and page numbers in the page margins, and a "打印" button that is hidden in print.
std::string RenderHtml(const Document& doc);

// How the pairs of a kKeyValues block are arranged, shared by both outputs so that they agree:
// each element is one grid row holding the indexes of one or two pairs. A pair goes alone on a
// row (its value spanning the rest of the row) when its label or value is too long for half a
// row, or when its neighbour is.
std::vector<std::vector<std::size_t>> ArrangeKeyValues(
    const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace linli::pdf
