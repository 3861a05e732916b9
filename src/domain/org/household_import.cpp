#include "domain/org/household_import.hpp"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"

namespace linli::domain {
namespace {

// ---------------------------------------------------------------------------------------------
// Columns

enum Column {
  kBuilding,
  kUnit,
  kFloor,
  kRoom,
  kAreaM2,
  kAreaSource,
  kOwnerName,
  kOwnerPhone,
  kOwnerKind,
  kDelivered,
  kUse,
  kColumnCount,
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "building",   "unit",        "floor",      "room",      "area_m2", "area_source",
    "owner_name", "owner_phone", "owner_kind", "delivered", "use",
};

constexpr std::string_view kAllColumns =
    "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered,use";

std::string_view ColumnName(Column c) { return kColumnNames[c]; }

// ---------------------------------------------------------------------------------------------
// RFC 4180 reader. Records end at CRLF, LF or a lone CR outside quotes; inside quotes they
// may span lines. Lenient where Excel and WPS are: a quote in the middle of an unquoted field
// and text after a closing quote are kept as they are.

struct CsvRecord {
  int line = 0;  // physical line where the record starts
  std::vector<std::string> fields;
  bool unterminated = false;  // a quoted field ran to the end of the file
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  // Reads the next record; false at the end of the text.
  bool Next(CsvRecord& record) {
    if (pos_ >= text_.size()) return false;
    record.line = line_;
    record.fields.clear();
    record.unterminated = false;
    std::string field;
    bool in_quotes = false;
    bool at_field_start = true;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (in_quotes) {
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            field += '"';
            pos_ += 2;
          } else {
            in_quotes = false;
            ++pos_;
          }
          continue;
        }
        if (IsLineEnd()) {
          // Keep the line break as LF inside the value; count the physical line.
          field += '\n';
          SkipLineEnd();
          continue;
        }
        field += c;
        ++pos_;
        continue;
      }
      if (c == '"' && at_field_start) {
        in_quotes = true;
        at_field_start = false;
        ++pos_;
        continue;
      }
      if (c == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
        at_field_start = true;
        ++pos_;
        continue;
      }
      if (IsLineEnd()) {
        SkipLineEnd();
        record.fields.push_back(std::move(field));
        return true;
      }
      field += c;
      at_field_start = false;
      ++pos_;
    }
    if (in_quotes) record.unterminated = true;
    record.fields.push_back(std::move(field));
    return true;
  }

 private:
  bool IsLineEnd() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }
  void SkipLineEnd() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

bool IsBlank(const CsvRecord& record) {
  for (const auto& f : record.fields)
    if (!Trim(f).empty()) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Problems

class Problems {
 public:
  void Add(int line, std::string_view column, std::string problem) {
    ++total_;
    if (rows_.size() < kMaxImportProblems)
      rows_.push_back(RowProblem{line, std::string(column), std::move(problem)});
  }
  bool empty() const { return total_ == 0; }

  tl::unexpected<Error> ToError() && {
    std::string message =
        "the file has " + std::to_string(total_) + (total_ == 1 ? " problem" : " problems");
    if (total_ > rows_.size())
      message += " (the first " + std::to_string(rows_.size()) + " are listed)";
    message += "; nothing was imported";
    return tl::unexpected<Error>(
        Error{ErrorCode::kInvalidArgument, std::move(message), {}, std::move(rows_)});
  }

 private:
  size_t total_ = 0;
  std::vector<RowProblem> rows_;
};

tl::unexpected<Error> FileError(std::string message, int line, std::string problem) {
  return tl::unexpected<Error>(Error{ErrorCode::kInvalidArgument,
                                     std::move(message),
                                     {},
                                     {RowProblem{line, "", std::move(problem)}}});
}

// A value as shown inside a message: at most 40 characters, control characters as '?'.
// Assumes valid UTF-8 (the file was checked first).
std::string Clip(std::string_view value) {
  constexpr size_t kMaxChars = 40;
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    auto b = static_cast<unsigned char>(value[i]);
    if ((b & 0xC0) != 0x80) {
      if (chars == kMaxChars) {
        out += "…";
        break;
      }
      ++chars;
    }
    out += (b < 0x20 || b == 0x7F) ? '?' : value[i];
  }
  return out;
}

// The same, in quotes.
std::string Shown(std::string_view value) { return "'" + Clip(value) + "'"; }

bool HasControl(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  return false;
}

// The first line (1-based) that is not UTF-8 text, or 0. NUL bytes count as not text: a
// UTF-16 file ("Unicode text" in Excel) is full of them.
int FirstNonUtf8Line(std::string_view text) {
  int line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string_view part =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!IsValidUtf8(part) || part.find('\0') != std::string_view::npos) return line;
    if (end == std::string_view::npos) break;
    start = end + 1;
    ++line;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Values

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Digits to a number, saturating well above every limit used here.
int64_t DigitsValue(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > 1'000'000'000) return 1'000'000'000;
  }
  return v;
}

struct FloorValue {
  bool is_number = false;
  int64_t value = 0;
};

// "12", "-1", "+3", "B1" (basement 1 = -1), with an optional "层", "楼" or "F" after it.
FloorValue ParseFloorText(std::string_view s) {
  if (EndsWith(s, "层") || EndsWith(s, "楼"))
    s.remove_suffix(3);
  else if (EndsWith(s, "F") || EndsWith(s, "f"))
    s.remove_suffix(1);
  s = Trim(s);
  bool negative = false;
  if (!s.empty() && (s[0] == 'B' || s[0] == 'b')) {
    s.remove_prefix(1);
    if (s.empty() || !AllDigits(s) || DigitsValue(s) == 0) return {};
    return {true, -DigitsValue(s)};
  }
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !AllDigits(s)) return {};
  int64_t v = DigitsValue(s);
  return {true, negative ? -v : v};
}

std::optional<AreaSource> ParseAreaSource(std::string_view s) {
  std::string v = ToLowerAscii(s);
  if (v == "registry" || v == "登记" || v == "不动产登记" || v == "产权登记")
    return AreaSource::kRegistry;
  if (v == "survey" || v == "实测" || v == "测绘") return AreaSource::kSurvey;
  if (v == "contract" || v == "合同" || v == "购房合同" || v == "预售合同")
    return AreaSource::kContract;
  return std::nullopt;
}

// Empty means yes: the column is optional and a missing value keeps its default.
// Empty means a home, the common case.
std::optional<UnitUse> ParseUse(std::string_view s) {
  std::string v = ToLowerAscii(s);
  if (v.empty() || v == "home" || v == "住宅") return UnitUse::kHome;
  if (v == "shop" || v == "商铺" || v == "商业") return UnitUse::kShop;
  if (v == "parking" || v == "车位" || v == "车库") return UnitUse::kParking;
  return std::nullopt;
}

std::optional<bool> ParseDelivered(std::string_view s) {
  std::string v = ToLowerAscii(s);
  if (v.empty() || v == "yes" || v == "y" || v == "true" || v == "1" || v == "是" || v == "已交付")
    return true;
  if (v == "no" || v == "n" || v == "false" || v == "0" || v == "否" || v == "未交付") return false;
  return std::nullopt;
}

// Empty means person, the common case.
std::optional<OwnerKind> ParseOwnerKind(std::string_view s) {
  std::string v = ToLowerAscii(s);
  if (v.empty() || v == "person" || v == "个人") return OwnerKind::kPerson;
  if (v == "developer" || v == "开发商") return OwnerKind::kDeveloper;
  if (v == "organisation" || v == "organization" || v == "单位") return OwnerKind::kOrganisation;
  return std::nullopt;
}

// Removes spaces and dashes and a +86 country code; returns the digits as written otherwise.
std::string NormalisePhone(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '-') out += c;
  if (out.rfind("+86", 0) == 0)
    out.erase(0, 3);
  else if (out.size() == 13 && out.rfind("86", 0) == 0)
    out.erase(0, 2);
  return out;
}

std::string YesNo(bool b) { return b ? "yes" : "no"; }

// ---------------------------------------------------------------------------------------------
// The parse

// A room while the file is read: its values are unknown until a row gives a valid one.
struct RoomDraft {
  ImportHousehold household;
  std::optional<int64_t> area;
  int area_line = 0;
  std::optional<AreaSource> source;
  int source_line = 0;
  std::optional<bool> delivered;
  int delivered_line = 0;
  std::optional<UnitUse> use;
  int use_line = 0;
  std::vector<int> owner_lines;  // beside household.owners: the row that named each owner
};

std::string RoomLabel(const ImportHousehold& h) {
  return "building " + h.building + ", unit " + h.unit + ", floor " + h.floor_label + ", room " +
         h.room;
}

class Importer {
 public:
  Result<ImportPlan> Run(std::string_view bytes);

 private:
  // One row's values; a value is empty/nullopt when the row gave none that is valid (and the
  // problem is reported).
  struct RowValues {
    std::string building, unit, room;
    std::optional<int> floor;
    std::optional<int64_t> area;
    std::optional<AreaSource> source;
    std::optional<bool> delivered;
    std::optional<UnitUse> use;
    std::optional<OwnerKind> kind;
    std::optional<std::string> phone;  // "" = no phone
    std::optional<std::string> name;
  };

  bool ReadHeader(const CsvRecord& header);
  void ReadRow(const CsvRecord& record);
  bool CheckShape(const CsvRecord& record);
  RowValues ReadValues(const CsvRecord& record);
  std::string ReadName(const CsvRecord& record, Column c, std::string_view what,
                       std::string_view example);
  std::optional<int> ReadFloor(const CsvRecord& record);
  RoomDraft& PlaceRoom(const CsvRecord& record, const RowValues& v);
  void AddOwner(RoomDraft& room, const RowValues& v, int line);
  std::string_view Cell(const CsvRecord& record, Column c) const {
    int i = index_[c];
    if (i < 0 || static_cast<size_t>(i) >= record.fields.size()) return {};
    return Trim(record.fields[i]);
  }
  template <class T>
  void Agree(std::optional<T>& known, int& known_line, const std::optional<T>& value, int line,
             Column c, const std::string& room, std::string_view what,
             std::string (*show)(const T&));
  ImportPlan BuildPlan();

  Problems problems_;
  std::array<int, kColumnCount> index_{};
  std::vector<size_t> unnamed_columns_;
  size_t header_size_ = 0;
  int records_ = 0;
  std::vector<RoomDraft> rooms_;
  std::unordered_map<std::string, size_t> room_index_;
  std::vector<ImportOwner> owners_;
  std::unordered_map<std::string, size_t> owner_index_;
};

Result<ImportPlan> Importer::Run(std::string_view bytes) {
  std::string_view text = bytes;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  if (int bad = FirstNonUtf8Line(text); bad != 0) {
    problems_.Add(bad, "",
                  "line " + std::to_string(bad) +
                      " is not UTF-8 text (the file was probably saved as GBK/ANSI or "
                      "\"Unicode text\"); in Excel or WPS use Save As and choose \"CSV UTF-8 "
                      "(comma delimited)\", then import that file");
    return std::move(problems_).ToError();
  }

  CsvReader reader(text);
  CsvRecord record;
  bool have_header = false;
  while (reader.Next(record)) {
    if (record.unterminated) {
      problems_.Add(record.line, "",
                    "a double quote opened on line " + std::to_string(record.line) +
                        " is never closed; close the quoted value with \" or remove the quote");
      return std::move(problems_).ToError();
    }
    if (IsBlank(record)) continue;
    have_header = true;
    break;
  }
  if (!have_header) {
    return FileError("the file is empty; nothing was imported", 1,
                     "the file is empty; export the household list as CSV UTF-8 with the header "
                     "row " +
                         std::string(kAllColumns) + " and one row per owner of each room");
  }
  const int header_line = record.line;
  if (!ReadHeader(record)) return std::move(problems_).ToError();

  while (reader.Next(record)) {
    if (record.unterminated) {
      problems_.Add(record.line, "",
                    "a double quote opened on line " + std::to_string(record.line) +
                        " is never closed, so the rest of the file is one value; close the "
                        "quoted value with \" or remove the quote");
      break;
    }
    if (IsBlank(record)) continue;
    ReadRow(record);
  }

  if (records_ == 0) {
    std::string problem =
        "the file has a header row but no households; add one row per owner of each room "
        "under the header";
    if (problems_.empty())
      return FileError("no households in the file; nothing was imported", header_line,
                       std::move(problem));
    problems_.Add(header_line, "", std::move(problem));
  }
  if (!problems_.empty()) return std::move(problems_).ToError();
  return BuildPlan();
}

bool Importer::ReadHeader(const CsvRecord& header) {
  index_.fill(-1);
  header_size_ = header.fields.size();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string_view raw = Trim(header.fields[i]);
    if (raw.empty()) {
      // Excel leaves empty header cells after the last column; they may stay if empty.
      unnamed_columns_.push_back(i);
      continue;
    }
    std::string name = ToLowerAscii(raw);
    int found = -1;
    for (int c = 0; c < kColumnCount; ++c)
      if (kColumnNames[c] == name) found = c;
    if (found < 0) {
      problems_.Add(header.line, Clip(raw),
                    "unknown column " + Shown(raw) + " in the header; rename it to one of " +
                        std::string(kAllColumns) + ", or delete the column");
    } else if (index_[found] >= 0) {
      problems_.Add(header.line, name,
                    "column '" + name + "' appears twice in the header; delete one of them");
    } else {
      index_[found] = static_cast<int>(i);
    }
  }
  bool complete = true;
  for (int c = 0; c < kColumnCount; ++c) {
    if (c == kDelivered || c == kUse || index_[c] >= 0) continue;
    complete = false;
    problems_.Add(header.line, std::string(kColumnNames[c]),
                  "column '" + std::string(kColumnNames[c]) +
                      "' is missing from the header; the header must name the columns " +
                      std::string(kAllColumns) + " (delivered and use may be left out)");
  }
  // Without every required column no row can be read; report the header alone.
  return complete;
}

template <class T>
void Importer::Agree(std::optional<T>& known, int& known_line, const std::optional<T>& value,
                     int line, Column c, const std::string& room, std::string_view what,
                     std::string (*show)(const T&)) {
  if (!value) return;
  if (!known) {
    known = value;
    known_line = line;
    return;
  }
  if (*known == *value) return;
  std::string col(ColumnName(c));
  problems_.Add(line, col,
                col + " " + show(*value) + " differs from " + show(*known) + " on line " +
                    std::to_string(known_line) + " for the same room (" + room +
                    "); co-owners of one room must give the same " + std::string(what) +
                    ": correct one of the two rows");
}

void Importer::ReadRow(const CsvRecord& record) {
  ++records_;
  if (!CheckShape(record)) return;
  RowValues v = ReadValues(record);
  if (!v.floor || v.building.empty() || v.unit.empty() || v.room.empty()) return;  // no place
  RoomDraft& room = PlaceRoom(record, v);
  if (v.kind && v.phone && v.name) AddOwner(room, v, record.line);
}

bool Importer::CheckShape(const CsvRecord& record) {
  if (record.fields.size() > header_size_) {
    bool extra_blank = true;
    for (size_t i = header_size_; i < record.fields.size(); ++i)
      if (!Trim(record.fields[i]).empty()) extra_blank = false;
    if (!extra_blank) {
      problems_.Add(record.line, "",
                    "the row has " + std::to_string(record.fields.size()) +
                        " values but the header has " + std::to_string(header_size_) +
                        " columns; put a value that contains a comma in double quotes, "
                        "like \"1,2\"");
      return false;  // the values are shifted: checking them one by one would only mislead
    }
  }
  for (size_t i : unnamed_columns_) {
    if (i < record.fields.size() && !Trim(record.fields[i]).empty()) {
      problems_.Add(record.line, "",
                    "the row has the value " + Shown(Trim(record.fields[i])) + " in column " +
                        std::to_string(i + 1) +
                        ", which has no name in the header; name the column or delete the "
                        "value");
    }
  }
  return true;
}

std::string Importer::ReadName(const CsvRecord& record, Column c, std::string_view what,
                               std::string_view example) {
  std::string_view v = Cell(record, c);
  std::string col(ColumnName(c));
  if (v.empty()) {
    problems_.Add(
        record.line, col,
        col + " is empty; write the " + std::string(what) + ", like " + std::string(example));
    return {};
  }
  if (HasControl(v)) {
    problems_.Add(record.line, col,
                  col + " " + Shown(v) +
                      " contains a line break or a control character; keep it on one line");
    return {};
  }
  if (Utf8Length(v) > static_cast<size_t>(kMaxNameChars)) {
    problems_.Add(record.line, col,
                  col + " " + Shown(v) + " is longer than " + std::to_string(kMaxNameChars) +
                      " characters; shorten it");
    return {};
  }
  return std::string(v);
}

std::optional<int> Importer::ReadFloor(const CsvRecord& record) {
  std::string_view v = Cell(record, kFloor);
  if (v.empty()) {
    problems_.Add(record.line, "floor",
                  "floor is empty; write the floor as a whole number like 3, or B1 for the "
                  "first basement");
    return std::nullopt;
  }
  FloorValue f = ParseFloorText(v);
  if (HasControl(v) || Utf8Length(v) > static_cast<size_t>(kMaxNameChars) || !f.is_number) {
    problems_.Add(record.line, "floor",
                  "floor " + Shown(v) +
                      " is not a floor number; write a whole number from -5 to 200 like 3, "
                      "or B1/B2 for basements");
    return std::nullopt;
  }
  if (f.value < kMinFloor || f.value > kMaxFloor) {
    problems_.Add(record.line, "floor",
                  "floor " + Shown(v) + " is outside -5..200; check the floor number");
    return std::nullopt;
  }
  return static_cast<int>(f.value);
}

Importer::RowValues Importer::ReadValues(const CsvRecord& record) {
  const int line = record.line;
  RowValues r;

  // Where the room is.
  r.building = ReadName(record, kBuilding, "building name", "1栋");
  r.unit = ReadName(record, kUnit, "entrance (单元)", "1单元 or 1");
  r.floor = ReadFloor(record);
  r.room = ReadName(record, kRoom, "room number", "101");

  // What the room is.
  if (auto a = ParseAreaM2(Cell(record, kAreaM2)); a)
    r.area = *a;
  else
    problems_.Add(line, "area_m2", a.error().message);

  std::string_view source = Cell(record, kAreaSource);
  r.source = ParseAreaSource(source);
  if (!r.source) {
    problems_.Add(line, "area_source",
                  (source.empty() ? std::string("area_source is empty")
                                  : "area_source " + Shown(source) + " is not known") +
                      "; write registry (不动产登记), survey (实测) or contract (合同): where "
                      "the area comes from");
  }
  r.delivered = ParseDelivered(Cell(record, kDelivered));
  if (!r.delivered) {
    problems_.Add(line, "delivered",
                  "delivered " + Shown(Cell(record, kDelivered)) +
                      " is not yes or no; write yes or no (是/否), or leave it empty for yes");
  }

  r.use = ParseUse(Cell(record, kUse));
  if (!r.use) {
    problems_.Add(line, "use",
                  "use " + Shown(Cell(record, kUse)) +
                      " is not known; write home (住宅), shop (商铺) or parking (车位), or leave "
                      "it empty for home");
  }

  // Who owns it.
  r.kind = ParseOwnerKind(Cell(record, kOwnerKind));
  if (!r.kind) {
    problems_.Add(line, "owner_kind",
                  "owner_kind " + Shown(Cell(record, kOwnerKind)) +
                      " is not known; write person (个人), developer (开发商) or organisation "
                      "(单位), or leave it empty for person");
  }
  std::string_view phone = Cell(record, kOwnerPhone);
  if (std::string digits = NormalisePhone(phone); digits.empty() || IsMobilePhone(digits)) {
    r.phone = std::move(digits);
  } else {
    problems_.Add(line, "owner_phone",
                  "owner_phone " + Shown(phone) +
                      " is not a mainland mobile number; write 11 digits starting with 1, "
                      "like 13800001234, or leave it empty (landlines are not accepted)");
  }
  std::string_view name = Cell(record, kOwnerName);
  if (name.empty()) {
    if (r.kind == OwnerKind::kDeveloper && r.delivered == false) {
      r.name = std::string(kDeveloperDefaultName);
    } else if (r.kind && (*r.kind != OwnerKind::kDeveloper || r.delivered)) {
      // (With an unreadable kind or delivery status, that problem is already reported.)
      problems_.Add(line, "owner_name",
                    "owner_name is empty; write the owner's name (only a developer's "
                    "undelivered room may leave it empty)");
    }
  } else if (HasControl(name)) {
    problems_.Add(line, "owner_name",
                  "owner_name " + Shown(name) +
                      " contains a line break or a control character; keep it on one line");
  } else if (Utf8Length(name) > static_cast<size_t>(kMaxOwnerNameChars)) {
    problems_.Add(line, "owner_name",
                  "owner_name " + Shown(name) + " is longer than " +
                      std::to_string(kMaxOwnerNameChars) + " characters; shorten it");
  } else {
    r.name = std::string(name);
  }
  return r;
}

RoomDraft& Importer::PlaceRoom(const CsvRecord& record, const RowValues& v) {
  const int line = record.line;
  std::string key =
      v.building + '\x1f' + v.unit + '\x1f' + std::to_string(*v.floor) + '\x1f' + v.room;
  auto [it, inserted] = room_index_.try_emplace(std::move(key), rooms_.size());
  if (inserted) {
    RoomDraft d;
    d.household.building = v.building;
    d.household.unit = v.unit;
    d.household.floor = *v.floor;
    d.household.floor_label = std::string(Cell(record, kFloor));
    d.household.room = v.room;
    d.household.line = line;
    rooms_.push_back(std::move(d));
  }
  RoomDraft& room = rooms_[it->second];
  const std::string label = RoomLabel(room.household);
  Agree<int64_t>(room.area, room.area_line, v.area, line, kAreaM2, label, "area",
                 [](const int64_t& a) { return FormatAreaM2(a); });
  Agree<AreaSource>(room.source, room.source_line, v.source, line, kAreaSource, label,
                    "area source",
                    [](const AreaSource& s) { return std::string(AreaSourceName(s)); });
  Agree<bool>(room.delivered, room.delivered_line, v.delivered, line, kDelivered, label,
              "delivery status", [](const bool& d) { return YesNo(d); });
  Agree<UnitUse>(room.use, room.use_line, v.use, line, kUse, label, "use",
                 [](const UnitUse& u) { return std::string(UnitUseName(u)); });
  return room;
}

void Importer::AddOwner(RoomDraft& room, const RowValues& v, int line) {
  std::string identity = v.phone->empty()
                             ? std::string("k:") + OwnerKindName(*v.kind) + '\x1f' + *v.name
                             : "p:" + *v.phone;
  auto [it, inserted] = owner_index_.try_emplace(std::move(identity), owners_.size());
  const size_t owner = it->second;
  if (inserted) {
    owners_.push_back(ImportOwner{*v.name, *v.phone, *v.kind, line});
  } else {
    const ImportOwner& known = owners_[owner];
    if (known.name != *v.name) {
      problems_.Add(line, "owner_name",
                    "owner_phone " + *v.phone + " belongs to " + Shown(known.name) + " on line " +
                        std::to_string(known.line) + " but this row names " + Shown(*v.name) +
                        "; one phone number is one owner: correct the name or the phone");
      return;
    }
    if (known.kind != *v.kind) {
      problems_.Add(line, "owner_kind",
                    "owner_kind " + std::string(OwnerKindName(*v.kind)) + " differs from " +
                        OwnerKindName(known.kind) + " given for the same owner (" +
                        Shown(known.name) + ") on line " + std::to_string(known.line) +
                        "; one owner has one kind: correct one of the rows");
      return;
    }
  }
  for (size_t i = 0; i < room.household.owners.size(); ++i) {
    if (room.household.owners[i] == owner) {
      problems_.Add(line, "",
                    "duplicate row: line " + std::to_string(room.owner_lines[i]) +
                        " already lists the owner " + Shown(owners_[owner].name) + " for " +
                        RoomLabel(room.household) + "; delete one of the two rows");
      return;
    }
  }
  room.household.owners.push_back(owner);
  room.owner_lines.push_back(line);
}

ImportPlan Importer::BuildPlan() {
  ImportPlan plan;
  std::unordered_set<std::string> buildings;
  std::unordered_set<std::string> entrances;
  plan.households.reserve(rooms_.size());
  for (RoomDraft& d : rooms_) {
    // A clean file gave every room its values (a missing one would have been a problem).
    d.household.area_m2_x100 = d.area.value_or(0);
    d.household.area_source = d.source.value_or(AreaSource::kRegistry);
    d.household.delivered = d.delivered.value_or(true);
    d.household.use = d.use.value_or(UnitUse::kHome);
    buildings.insert(d.household.building);
    entrances.insert(d.household.building + '\x1f' + d.household.unit);
    plan.counts.area_m2_x100 += d.household.area_m2_x100;
    if (d.household.delivered) ++plan.counts.delivered_households;
    plan.households.push_back(std::move(d.household));
  }
  plan.owners = std::move(owners_);
  plan.counts.records = records_;
  plan.counts.buildings = static_cast<int>(buildings.size());
  plan.counts.entrances = static_cast<int>(entrances.size());
  plan.counts.households = static_cast<int>(plan.households.size());
  plan.counts.owners = static_cast<int>(plan.owners.size());
  return plan;
}

}  // namespace

const char* UnitUseName(UnitUse use) {
  switch (use) {
    case UnitUse::kHome:
      return "home";
    case UnitUse::kShop:
      return "shop";
    case UnitUse::kParking:
      return "parking";
  }
  return "home";
}

std::optional<UnitUse> ParseUnitUseName(std::string_view text) {
  for (auto u : {UnitUse::kHome, UnitUse::kShop, UnitUse::kParking})
    if (text == UnitUseName(u)) return u;
  return std::nullopt;
}

const char* AreaSourceName(AreaSource source) {
  switch (source) {
    case AreaSource::kRegistry:
      return "registry";
    case AreaSource::kSurvey:
      return "survey";
    case AreaSource::kContract:
      return "contract";
  }
  return "registry";
}

const char* OwnerKindName(OwnerKind kind) {
  switch (kind) {
    case OwnerKind::kPerson:
      return "person";
    case OwnerKind::kDeveloper:
      return "developer";
    case OwnerKind::kOrganisation:
      return "organisation";
  }
  return "person";
}

Result<ImportPlan> ParseHouseholdCsv(std::string_view bytes) { return Importer().Run(bytes); }

Result<int64_t> ParseAreaM2(std::string_view text, std::string_view column) {
  std::string_view s = Trim(text);
  const std::string col(column);
  const std::string how = "; write the area in m² like 89.45";
  if (s.empty()) return InvalidArgument(col + " is empty" + how, col);
  if (!IsValidUtf8(s)) return InvalidArgument(col + " is not a number" + how, col);
  std::string_view digits = s;
  bool negative = false;
  if (digits[0] == '-' || digits[0] == '+') {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  std::string_view whole = digits;
  std::string_view fraction;
  if (size_t dot = digits.find('.'); dot != std::string_view::npos) {
    whole = digits.substr(0, dot);
    fraction = digits.substr(dot + 1);
  }
  if ((whole.empty() && fraction.empty()) || !AllDigits(whole) || !AllDigits(fraction))
    return InvalidArgument(col + " " + Shown(s) + " is not a number" + how, col);
  if (negative) return InvalidArgument(col + " " + Shown(s) + " is negative" + how, col);
  // Trailing zeros are exact ("89.450" is 89.45); other digits past the second would be lost.
  while (fraction.size() > 2 && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > 2) {
    return InvalidArgument(
        col + " " + Shown(s) + " has more than 2 decimals; round it to 2 decimals like 89.45", col);
  }
  int64_t value = DigitsValue(whole) * 100;  // saturates far above the limit
  if (fraction.size() >= 1) value += int64_t{fraction[0] - '0'} * 10;
  if (fraction.size() == 2) value += fraction[1] - '0';
  if (value == 0)
    return InvalidArgument(
        col + " " + Shown(s) + " is zero; write the room's area in m² like 89.45", col);
  if (value > kMaxAreaM2x100) {
    return InvalidArgument(col + " " + Shown(s) +
                               " is more than 10000 m²; write the area of the one room in m², "
                               "like 89.45",
                           col);
  }
  return value;
}

std::string FormatAreaM2(int64_t area_m2_x100) {
  std::string sign = area_m2_x100 < 0 ? "-" : "";
  uint64_t v = area_m2_x100 < 0 ? 0 - static_cast<uint64_t>(area_m2_x100)
                                : static_cast<uint64_t>(area_m2_x100);
  std::string cents = std::to_string(v % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return sign + std::to_string(v / 100) + "." + cents;
}

}  // namespace linli::domain
