// The PDF output: Pango lays the text out (shaping, line breaking, font fallback), Cairo's PDF
// surface draws it and embeds the used glyphs of Noto CJK as font subsets with a ToUnicode map,
// so that every viewer shows the Chinese text and it can be searched and copied.
//
// Two passes: the composer lays every block out into pages of drawing operations, then the pages
// are drawn with their footer, which needs the page count ("第 N 页 / 共 M 页").
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <string_view>
#include <variant>

#include "core/text.hpp"
#include "pdf/document.hpp"

namespace linli::pdf {
namespace {

// Geometry in PDF points (1/72 inch), A4 portrait.
constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kMarginX = 20 * kMm;
constexpr double kMarginTop = 20 * kMm;
constexpr double kMarginBottom = 22 * kMm;  // the footer sits in it
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;
constexpr double kBodyTop = kMarginTop;
constexpr double kBodyBottom = kPageHeight - kMarginBottom;
constexpr double kCellPadX = 5;
constexpr double kCellPadY = 4;
constexpr double kRuleWidth = 0.6;
constexpr double kShade = 0.93;  // grey of header and label cells
constexpr double kEpsilon = 0.01;
constexpr double kMinSplitHeight = 60;  // the least of a split row worth starting on a page

// Fonts. Each names Noto CJK SC first; the rest is what Pango falls back to if it is missing.
constexpr const char* kTitleFont = "Noto Serif CJK SC, Noto Sans CJK SC, serif Bold 20";
constexpr const char* kSubtitleFont = "Noto Serif CJK SC, Noto Sans CJK SC, serif 10.5";
constexpr const char* kHeadingFont = "Noto Serif CJK SC, Noto Sans CJK SC, serif Bold 13";
constexpr const char* kBodyFont = "Noto Serif CJK SC, Noto Sans CJK SC, serif 11";
constexpr const char* kCellFont = "Noto Sans CJK SC, sans-serif 9.5";
constexpr const char* kCellBoldFont = "Noto Sans CJK SC, sans-serif Bold 9.5";
constexpr const char* kFooterFont = "Noto Sans CJK SC, sans-serif 8";
constexpr double kCellFontSize = 9.5;
constexpr double kBodyFontSize = 11;

double ToPt(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }
int ToPango(double pt) { return static_cast<int>(pt * PANGO_SCALE); }

using LayoutPtr = std::shared_ptr<PangoLayout>;

struct FontDeleter {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

struct GObjectDeleter {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};

// The vertical extent of each line of a layout, in points from the layout's top.
struct LineBox {
  double top = 0;
  double bottom = 0;
};

std::vector<LineBox> LineBoxes(PangoLayout* layout) {
  std::vector<LineBox> boxes;
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(iter, &y0, &y1);
    boxes.push_back({ToPt(y0), ToPt(y1)});
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return boxes;
}

// A laid-out text and the height of each of its lines, so that it can be split between pages.
struct Text {
  LayoutPtr layout;
  std::vector<LineBox> lines;
  int LineCount() const { return static_cast<int>(lines.size()); }
  double Height(int first, int end) const {
    return end > first ? lines[end - 1].bottom - lines[first].top : 0;
  }
  double Height() const { return Height(0, LineCount()); }
};

// The baseline of the last line, in points from the layout's top.
double LastBaseline(const Text& text) {
  PangoLayoutIter* iter = pango_layout_get_iter(text.layout.get());
  while (pango_layout_iter_next_line(iter)) {
  }
  const double baseline = ToPt(pango_layout_iter_get_baseline(iter));
  pango_layout_iter_free(iter);
  return baseline;
}

// Drawing operations of a page.
struct TextOp {
  Text text;
  int first_line = 0;
  int end_line = 0;
  double x = 0;
  double y = 0;  // top of the first line drawn
};
struct LineOp {
  double x1, y1, x2, y2;
};
struct CellOp {  // a bordered rectangle, shaded or not
  double x, y, w, h;
  bool shaded;
};
using Op = std::variant<TextOp, LineOp, CellOp>;
using Page = std::vector<Op>;

// One cell of a table or key-value row: its place across the page and its text.
struct Cell {
  double x = 0;
  double w = 0;
  Text text;
  bool shaded = false;
};
using Row = std::vector<Cell>;

// Lays the blocks out into pages. Not thread-safe; one per call.
class Composer {
 public:
  explicit Composer(PangoContext* context) : context_(context) {
    pages_.emplace_back();
    y_ = kBodyTop;
  }

  Text MakeText(std::string_view text, PangoFontDescription* font, double width,
                PangoAlignment align = PANGO_ALIGN_LEFT, bool justify = false, double indent = 0,
                double line_spacing = 1.3) {
    LayoutPtr layout(pango_layout_new(context_), GObjectDeleter());
    pango_layout_set_font_description(layout.get(), font);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(line_spacing));
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    if (width > 0) {
      pango_layout_set_width(layout.get(), ToPango(width));
      pango_layout_set_alignment(layout.get(), align);
      pango_layout_set_justify(layout.get(), justify);
      pango_layout_set_indent(layout.get(), ToPango(indent));
    }
    Text t{std::move(layout), {}};
    t.lines = LineBoxes(t.layout.get());
    return t;
  }

  // The width of `text` set on one line (or its widest line).
  static double NaturalWidth(const Text& text) {
    PangoRectangle logical;
    pango_layout_get_extents(text.layout.get(), nullptr, &logical);
    return ToPt(logical.width);
  }

  // The width of the widest word of `text` (a Chinese character is a word of its own): the least
  // width it can have without breaking inside a number or a Latin word.
  static double MinContentWidth(const Text& text) {
    PangoLayout* layout = text.layout.get();
    const int width = pango_layout_get_width(layout);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    pango_layout_set_width(layout, 1);
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_width(layout, width);
    return ToPt(logical.width);
  }

  // Re-wraps `text` to `width`.
  static void Rewrap(Text& text, double width, PangoAlignment align) {
    pango_layout_set_width(text.layout.get(), ToPango(width));
    pango_layout_set_alignment(text.layout.get(), align);
    text.lines = LineBoxes(text.layout.get());
  }

  void NewPage() {
    pages_.emplace_back();
    y_ = kBodyTop;
    fresh_top_ = kBodyTop;
  }
  // Called after a table header drawn at the top of a page: a row that does not fit below it
  // would not fit on the next page either.
  void MarkFresh() { fresh_top_ = y_; }
  bool AtPageTop() const { return y_ <= kBodyTop + kEpsilon; }
  void Skip(double h) {
    if (!AtPageTop()) y_ = std::min(y_ + h, kBodyBottom);
  }
  // Starts a new page unless `h` more points fit on this one.
  void KeepTogether(double h) {
    if (y_ + h > kBodyBottom + kEpsilon && !AtPageTop()) NewPage();
  }

  // Flowing text, split between pages at line boundaries.
  void AddText(const Text& text, double x) {
    int first = 0;
    const int n = text.LineCount();
    while (first < n) {
      int end = first;
      while (end < n && y_ + text.Height(first, end + 1) <= kBodyBottom + kEpsilon) ++end;
      if (end == first) {
        if (AtPageTop()) {
          end = first + 1;  // a line taller than a page: draw it anyway
        } else {
          NewPage();
          continue;
        }
      }
      pages_.back().push_back(TextOp{text, first, end, x, y_});
      y_ += text.Height(first, end);
      first = end;
      if (first < n) NewPage();
    }
  }

  void AddTitle(const Document& doc, PangoFontDescription* title_font,
                PangoFontDescription* subtitle_font) {
    if (!doc.title.empty()) {
      AddText(MakeText(doc.title, title_font, kContentWidth, PANGO_ALIGN_CENTER, false, 0, 1.2),
              kMarginX);
      y_ += 6;
    }
    if (!doc.subtitle.empty()) {
      AddText(MakeText(doc.subtitle, subtitle_font, kContentWidth, PANGO_ALIGN_CENTER), kMarginX);
    }
    if (!doc.title.empty() || !doc.subtitle.empty()) y_ += 14;
  }

  // A row of bordered cells. A row that does not fit goes to the next page, after `header` (if
  // any) is repeated there; a row taller than a page is split between pages line by line.
  void AddRow(const Row& row, const Row* header) {
    std::vector<int> next(row.size(), 0);
    bool split = false;
    for (;;) {
      double text_h = 0;
      for (std::size_t i = 0; i < row.size(); ++i) {
        text_h = std::max(text_h, row[i].text.Height(next[i], row[i].text.LineCount()));
      }
      const double row_h = text_h + 2 * kCellPadY;
      if (y_ + row_h <= kBodyBottom + kEpsilon) {
        std::vector<int> end(row.size());
        for (std::size_t i = 0; i < row.size(); ++i) end[i] = row[i].text.LineCount();
        DrawRow(row, next, end, row_h, /*center=*/!split);
        return;
      }
      // A row that fits on a page goes whole to the next one; a taller row starts here if a few
      // lines fit, and is split.
      const double page_room = kBodyBottom - kBodyTop - (header ? RowHeight(*header) : 0);
      const bool fits_a_page = row_h <= page_room + kEpsilon;
      if (y_ > fresh_top_ + kEpsilon && (fits_a_page || y_ > kBodyBottom - kMinSplitHeight)) {
        NewPage();
        if (header) DrawRow(*header, Firsts(*header), Ends(*header), RowHeight(*header), true);
        fresh_top_ = y_;
        continue;
      }
      // Fill this page with as many lines of each cell as fit.
      const double avail = kBodyBottom - y_ - 2 * kCellPadY;
      std::vector<int> end(row.size());
      for (std::size_t i = 0; i < row.size(); ++i) {
        const Text& t = row[i].text;
        end[i] = next[i];
        while (end[i] < t.LineCount() && t.Height(next[i], end[i] + 1) <= avail) ++end[i];
        if (end[i] == next[i] && end[i] < t.LineCount()) ++end[i];
      }
      DrawRow(row, next, end, kBodyBottom - y_, false);
      next = end;
      split = true;
      y_ = kBodyBottom;
    }
  }

  static double RowHeight(const Row& row) {
    double h = 0;
    for (const Cell& c : row) h = std::max(h, c.text.Height());
    return h + 2 * kCellPadY;
  }

  void AddLine(double x1, double y1, double x2, double y2) {
    pages_.back().push_back(LineOp{x1, y1, x2, y2});
  }
  void AddTextAt(const Text& text, double x, double y) {
    pages_.back().push_back(TextOp{text, 0, text.LineCount(), x, y});
  }

  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  std::vector<Page>& pages() { return pages_; }

 private:
  static std::vector<int> Firsts(const Row& row) { return std::vector<int>(row.size(), 0); }
  static std::vector<int> Ends(const Row& row) {
    std::vector<int> e;
    for (const Cell& c : row) e.push_back(c.text.LineCount());
    return e;
  }

  void DrawRow(const Row& row, const std::vector<int>& first, const std::vector<int>& end,
               double row_h, bool center) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      pages_.back().push_back(CellOp{c.x, y_, c.w, row_h, c.shaded});
      const double text_h = c.text.Height(first[i], end[i]);
      const double top = center ? y_ + (row_h - text_h) / 2 : y_ + kCellPadY;
      if (end[i] > first[i]) {
        pages_.back().push_back(TextOp{c.text, first[i], end[i], c.x + kCellPadX, top});
      }
    }
    y_ += row_h;
  }

  PangoContext* context_;
  std::vector<Page> pages_;
  double y_ = 0;
  double fresh_top_ = kBodyTop;  // where this page's body starts, below a repeated header
};

// Column widths that fill the content width, much as a browser sizes an HTML table: every column
// gets what its longest cell needs when that fits; otherwise each keeps at least its header on one
// line and its widest word (both within limits), and the rest of the width goes to the columns in
// proportion to what they lack.
std::vector<double> ColumnWidths(const std::vector<double>& natural,
                                 const std::vector<double>& header_natural,
                                 const std::vector<double>& min_content) {
  const std::size_t n = natural.size();
  const double pad = 2 * kCellPadX;
  std::vector<double> desired(n), minimum(n), widths(n);
  double sum_desired = 0, sum_min = 0;
  for (std::size_t i = 0; i < n; ++i) {
    desired[i] = natural[i] + pad;
    const double keep = std::max({std::min(header_natural[i], kContentWidth / n),
                                  std::min(min_content[i], kContentWidth / 4), 2 * kCellFontSize}) +
                        pad;
    minimum[i] = std::min(desired[i], keep);
    sum_desired += desired[i];
    sum_min += minimum[i];
  }
  if (sum_desired <= kContentWidth) {
    for (std::size_t i = 0; i < n; ++i) widths[i] = desired[i] * kContentWidth / sum_desired;
  } else if (sum_min >= kContentWidth) {
    for (std::size_t i = 0; i < n; ++i) widths[i] = minimum[i] * kContentWidth / sum_min;
  } else {
    const double lack = sum_desired - sum_min;
    for (std::size_t i = 0; i < n; ++i) {
      widths[i] = minimum[i] + (kContentWidth - sum_min) * (desired[i] - minimum[i]) / lack;
    }
  }
  return widths;
}

struct Fonts {
  FontPtr title{pango_font_description_from_string(kTitleFont)};
  FontPtr subtitle{pango_font_description_from_string(kSubtitleFont)};
  FontPtr heading{pango_font_description_from_string(kHeadingFont)};
  FontPtr body{pango_font_description_from_string(kBodyFont)};
  FontPtr cell{pango_font_description_from_string(kCellFont)};
  FontPtr cell_bold{pango_font_description_from_string(kCellBoldFont)};
  FontPtr footer{pango_font_description_from_string(kFooterFont)};
};

void AddTable(Composer& c, const Fonts& fonts, const Block& block, std::size_t columns) {
  if (columns == 0) return;
  // Lay every cell out on one line first to learn what each column needs.
  auto make = [&](const std::string& s, bool bold) {
    return c.MakeText(s, bold ? fonts.cell_bold.get() : fonts.cell.get(), -1, PANGO_ALIGN_LEFT,
                      false, 0, 1.15);
  };
  std::vector<double> natural(columns, 0), header_natural(columns, 0), min_content(columns, 0);
  Row header;
  for (std::size_t i = 0; i < block.header.size(); ++i) {
    header.push_back(Cell{0, 0, make(block.header[i], true), true});
    header_natural[i] = Composer::NaturalWidth(header.back().text);
    natural[i] = header_natural[i];
  }
  std::vector<Row> rows;
  rows.reserve(block.rows.size());
  for (const auto& r : block.rows) {
    Row row;
    for (std::size_t i = 0; i < columns; ++i) {
      row.push_back(Cell{0, 0, make(i < r.size() ? r[i] : std::string(), false), false});
      natural[i] = std::max(natural[i], Composer::NaturalWidth(row.back().text));
      min_content[i] = std::max(min_content[i], Composer::MinContentWidth(row.back().text));
    }
    rows.push_back(std::move(row));
  }
  const std::vector<double> widths = ColumnWidths(natural, header_natural, min_content);
  std::vector<double> xs(columns);
  double x = kMarginX;
  for (std::size_t i = 0; i < columns; ++i) {
    xs[i] = x;
    x += widths[i];
  }
  // Short columns (numbers, dates, names) are centred, long ones read from the left.
  auto place = [&](Row& row, bool is_header) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      row[i].x = xs[i];
      row[i].w = widths[i];
      const bool short_column = natural[i] <= 8 * kCellFontSize;
      Composer::Rewrap(row[i].text, widths[i] - 2 * kCellPadX,
                       is_header || short_column ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    }
  };
  place(header, true);
  for (Row& row : rows) place(row, false);

  const Row* repeat = header.empty() ? nullptr : &header;
  // Keep the header with the first row, or with its first lines if that row is split anyway.
  const double header_h = repeat ? Composer::RowHeight(header) : 0;
  const double first_h = rows.empty() ? 0 : Composer::RowHeight(rows[0]);
  c.KeepTogether(header_h +
                 (first_h <= kBodyBottom - kBodyTop - header_h ? first_h : kMinSplitHeight));
  const bool at_top = c.AtPageTop();
  if (repeat) c.AddRow(header, nullptr);
  if (at_top) c.MarkFresh();
  for (const Row& row : rows) c.AddRow(row, repeat);
  c.Skip(10);
}

void AddKeyValues(Composer& c, const Fonts& fonts, const Block& block) {
  if (block.pairs.empty()) return;
  auto make = [&](const std::string& s, bool bold) {
    return c.MakeText(s, bold ? fonts.cell_bold.get() : fonts.cell.get(), -1, PANGO_ALIGN_LEFT,
                      false, 0, 1.15);
  };
  // The label column is as wide as the longest label, within limits.
  std::vector<Text> labels, values;
  double label_w = 0;
  for (const auto& [label, value] : block.pairs) {
    labels.push_back(make(label, true));
    values.push_back(make(value, false));
    label_w = std::max(label_w, Composer::NaturalWidth(labels.back()) + 2 * kCellPadX);
  }
  label_w = std::clamp(label_w, 0.14 * kContentWidth, 0.22 * kContentWidth);
  const double half_value_w = kContentWidth / 2 - label_w;
  const double full_value_w = kContentWidth - label_w;

  for (const auto& indexes : ArrangeKeyValues(block.pairs)) {
    Row row;
    double x = kMarginX;
    const double value_w = indexes.size() == 2 ? half_value_w : full_value_w;
    for (std::size_t k : indexes) {
      Composer::Rewrap(labels[k], label_w - 2 * kCellPadX, PANGO_ALIGN_CENTER);
      Composer::Rewrap(values[k], value_w - 2 * kCellPadX, PANGO_ALIGN_LEFT);
      row.push_back(Cell{x, label_w, labels[k], true});
      row.push_back(Cell{x + label_w, value_w, values[k], false});
      x += label_w + value_w;
    }
    c.AddRow(row, nullptr);
  }
  c.Skip(10);
}

// Labels with a blank line to sign on, two to a row, kept together on one page.
void AddSignatures(Composer& c, const Fonts& fonts, const Block& block) {
  if (block.signatures.empty()) return;
  constexpr double kRowHeight = 34;  // room to sign above the line
  constexpr double kGap = 24;
  const double column_w = (kContentWidth - kGap) / 2;
  // Long labels wrap within 60% of the column, leaving room to sign.
  std::vector<Text> labels;
  std::vector<double> widths;
  for (const std::string& s : block.signatures) {
    labels.push_back(c.MakeText(s + "：", fonts.body.get(), -1));
    widths.push_back(std::min(Composer::NaturalWidth(labels.back()), 0.6 * column_w));
    if (widths.back() < Composer::NaturalWidth(labels.back())) {
      Composer::Rewrap(labels.back(), widths.back(), PANGO_ALIGN_LEFT);
    }
  }
  std::vector<double> row_heights;
  double total = 0;
  for (std::size_t i = 0; i < labels.size(); i += 2) {
    double h = labels[i].Height();
    if (i + 1 < labels.size()) h = std::max(h, labels[i + 1].Height());
    row_heights.push_back(std::max(kRowHeight, h + 12));
    total += row_heights.back();
  }
  c.Skip(20);
  c.KeepTogether(total);
  for (std::size_t r = 0; r < row_heights.size(); ++r) {
    const double baseline_y = c.y() + row_heights[r] - 8;
    for (std::size_t i = 2 * r; i < 2 * r + 2 && i < labels.size(); ++i) {
      const double x = kMarginX + (i - 2 * r) * (column_w + kGap);
      c.AddTextAt(labels[i], x, baseline_y - (LastBaseline(labels[i]) - labels[i].lines[0].top));
      c.AddLine(x + widths[i] + 4, baseline_y + 2, x + column_w, baseline_y + 2);
    }
    c.set_y(c.y() + row_heights[r]);
  }
  c.Skip(10);
}

// Checks the text before Pango sees it: Pango replaces invalid UTF-8 and logs a warning per
// string, which would hide the mistake.
Status CheckText(const std::string& text, const std::string& field) {
  if (!IsValidUtf8(text) || text.find('\0') != std::string::npos) {
    return InvalidArgument(field + " is not valid UTF-8 text; send the text as UTF-8 without NUL",
                           field);
  }
  return {};
}

Status CheckDocument(const Document& doc) {
  LINLI_TRY(CheckText(doc.title, "title"));
  LINLI_TRY(CheckText(doc.subtitle, "subtitle"));
  LINLI_TRY(CheckText(doc.footer, "footer"));
  LINLI_TRY(CheckText(doc.lang, "lang"));
  for (std::size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    const std::string at = "blocks[" + std::to_string(b) + "]";
    LINLI_TRY(CheckText(block.text, at + ".text"));
    for (std::size_t i = 0; i < block.pairs.size(); ++i) {
      LINLI_TRY(CheckText(block.pairs[i].first, at + ".pairs[" + std::to_string(i) + "].label"));
      LINLI_TRY(CheckText(block.pairs[i].second, at + ".pairs[" + std::to_string(i) + "].value"));
    }
    for (std::size_t i = 0; i < block.header.size(); ++i) {
      LINLI_TRY(CheckText(block.header[i], at + ".header[" + std::to_string(i) + "]"));
    }
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
      const std::string row_at = at + ".rows[" + std::to_string(r) + "]";
      if (!block.header.empty() && block.rows[r].size() > block.header.size()) {
        return InvalidArgument(row_at + " has " + std::to_string(block.rows[r].size()) +
                                   " cells but the table header has " +
                                   std::to_string(block.header.size()) +
                                   "; add header cells or remove cells",
                               row_at);
      }
      for (std::size_t i = 0; i < block.rows[r].size(); ++i) {
        LINLI_TRY(CheckText(block.rows[r][i], row_at + "[" + std::to_string(i) + "]"));
      }
    }
    for (std::size_t i = 0; i < block.signatures.size(); ++i) {
      LINLI_TRY(CheckText(block.signatures[i], at + ".signatures[" + std::to_string(i) + "]"));
    }
  }
  return {};
}

// Fails when no installed font can show Chinese text (it would come out as empty boxes).
Status CheckChineseFont(PangoContext* context, PangoFontDescription* font) {
  std::unique_ptr<PangoFont, GObjectDeleter> loaded(pango_context_load_font(context, font));
  if (!loaded || !pango_font_has_char(loaded.get(), U'中')) {
    return FailedPrecondition(
        "no installed font has Chinese glyphs; install the Noto CJK fonts (Debian package "
        "fonts-noto-cjk)");
  }
  return {};
}

void DrawPage(cairo_t* cr, const Page& page) {
  // Shading first, so that no cell's background covers half of its neighbour's border.
  for (const Op& op : page) {
    if (const auto* cell = std::get_if<CellOp>(&op); cell && cell->shaded) {
      cairo_rectangle(cr, cell->x, cell->y, cell->w, cell->h);
      cairo_set_source_rgb(cr, kShade, kShade, kShade);
      cairo_fill(cr);
    }
  }
  for (const Op& op : page) {
    if (const auto* cell = std::get_if<CellOp>(&op)) {
      cairo_rectangle(cr, cell->x, cell->y, cell->w, cell->h);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, kRuleWidth);
      cairo_stroke(cr);
    } else if (const auto* line = std::get_if<LineOp>(&op)) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, kRuleWidth);
      cairo_move_to(cr, line->x1, line->y1);
      cairo_line_to(cr, line->x2, line->y2);
      cairo_stroke(cr);
    } else if (const auto* text = std::get_if<TextOp>(&op)) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      PangoLayoutIter* iter = pango_layout_get_iter(text->text.layout.get());
      const double top = text->text.lines[text->first_line].top;
      int i = 0;
      do {
        if (i >= text->first_line && i < text->end_line) {
          PangoRectangle logical;
          pango_layout_iter_get_line_extents(iter, nullptr, &logical);
          const double baseline = ToPt(pango_layout_iter_get_baseline(iter));
          cairo_move_to(cr, text->x + ToPt(logical.x), text->y + baseline - top);
          pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
        }
        ++i;
      } while (i < text->end_line && pango_layout_iter_next_line(iter));
      pango_layout_iter_free(iter);
    }
  }
}

// The footer text on the left, the page number on the right, under a thin rule.
void DrawFooter(cairo_t* cr, Composer& c, const Fonts& fonts, const std::string& footer, int page,
                int pages) {
  const double y = kBodyBottom + 5 * kMm;
  cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
  cairo_set_line_width(cr, 0.4);
  cairo_move_to(cr, kMarginX, y);
  cairo_line_to(cr, kMarginX + kContentWidth, y);
  cairo_stroke(cr);
  Page ops;
  const std::string number =
      "第 " + std::to_string(page) + " 页 / 共 " + std::to_string(pages) + " 页";
  Text right = c.MakeText(number, fonts.footer.get(), -1);
  const double right_w = Composer::NaturalWidth(right);
  ops.push_back(TextOp{right, 0, right.LineCount(), kMarginX + kContentWidth - right_w, y + 3});
  if (!footer.empty()) {
    Text left = c.MakeText(footer, fonts.footer.get(), kContentWidth - right_w - 12);
    ops.push_back(TextOp{left, 0, left.LineCount(), kMarginX, y + 3});
  }
  DrawPage(cr, ops);
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::exception&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

Result<std::string> Render(const Document& doc) {
  LINLI_TRY(CheckDocument(doc));
  std::string out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &out, kPageWidth, kPageHeight),
      cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("cannot create the PDF surface: ") +
                    cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  if (!doc.title.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Linli");
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);

  // A Pango context of this call on the thread's own default font map; 1 pt = 1 unit.
  std::unique_ptr<PangoContext, GObjectDeleter> context(pango_cairo_create_context(cr.get()));
  pango_cairo_context_set_resolution(context.get(), 72);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_language(
      context.get(), pango_language_from_string(doc.lang.empty() ? "zh-CN" : doc.lang.c_str()));

  const Fonts fonts;
  LINLI_TRY(CheckChineseFont(context.get(), fonts.body.get()));

  Composer c(context.get());
  c.AddTitle(doc, fonts.title.get(), fonts.subtitle.get());
  for (const Block& block : doc.blocks) {
    switch (block.kind) {
      case Block::Kind::kHeading: {
        Text t = c.MakeText(block.text, fonts.heading.get(), kContentWidth);
        c.Skip(8);
        c.KeepTogether(t.Height() + 3 * kBodyFontSize * 1.5);  // not alone at a page's foot
        c.AddText(t, kMarginX);
        c.Skip(6);
        break;
      }
      case Block::Kind::kParagraph:
        c.AddText(c.MakeText(block.text, fonts.body.get(), kContentWidth, PANGO_ALIGN_LEFT, true,
                             2 * kBodyFontSize, 1.5),
                  kMarginX);
        c.Skip(6);
        break;
      case Block::Kind::kKeyValues:
        AddKeyValues(c, fonts, block);
        break;
      case Block::Kind::kTable: {
        std::size_t columns = block.header.size();
        for (const auto& row : block.rows) columns = std::max(columns, row.size());
        AddTable(c, fonts, block, columns);
        break;
      }
      case Block::Kind::kSignature:
        AddSignatures(c, fonts, block);
        break;
      case Block::Kind::kSpacer:
        c.Skip(12);
        break;
    }
  }

  const int pages = static_cast<int>(c.pages().size());
  for (int i = 0; i < pages; ++i) {
    DrawPage(cr.get(), c.pages()[i]);
    DrawFooter(cr.get(), c, fonts, doc.footer, i + 1, pages);
    cairo_show_page(cr.get());
  }
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("drawing the PDF failed: ") +
                    cairo_status_to_string(cairo_status(cr.get())));
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("writing the PDF failed: ") +
                    cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  surface.reset();
  return out;
}

}  // namespace

Result<std::string> RenderPdf(const Document& doc) {
  try {
    return Render(doc);
  } catch (const std::exception& e) {  // out of memory: keep exceptions inside the module
    return Internal(std::string("rendering the PDF failed: ") + e.what());
  }
}

}  // namespace linli::pdf
