#include "storage/repos/votes.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace linli::storage {

std::string JoinIds(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

std::vector<std::int64_t> SplitIds(std::string_view text) {
  std::vector<std::int64_t> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::int64_t v = 0;
    if (std::from_chars(text.data() + pos, text.data() + end, v).ec == std::errc())
      out.push_back(v);
    pos = end + 1;
  }
  return out;
}

namespace {

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) out.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += ',';
    out += words[i];
  }
  return out;
}

constexpr const char* kVoteCols =
    "v.id, v.estate_id, v.estate_path, v.kind, v.title, v.description, v.matter, v.threshold, "
    "v.building_ids, v.notice_at, v.opens_at, v.closes_at, v.nonvoters_with_majority, "
    "v.proxy_cap, v.channels, v.total_area, v.total_heads, v.roll_at, v.closed_at, "
    "v.result_json, v.published_at, v.cancelled_at, v.created_by, v.created_at, u.name, "
    "v.count_parking";
constexpr const char* kVoteFrom = " FROM votes v JOIN units u ON u.id = v.estate_id";

VoteRecord VoteFromRow(const Row& r) {
  VoteRecord v;
  v.id = r.Int(0);
  v.estate_id = r.Int(1);
  v.estate_path = r.Text(2);
  v.kind = r.Text(3);
  v.title = r.Text(4);
  v.description = r.Text(5);
  v.matter = static_cast<int>(r.Int(6));
  v.threshold = r.Text(7) == "three_quarters" ? domain::Threshold::kThreeQuarters
                                              : domain::Threshold::kMoreThanHalf;
  v.building_ids = SplitIds(r.Text(8));
  v.notice_at = r.Int(9);
  v.opens_at = r.Int(10);
  v.closes_at = r.Int(11);
  v.nonvoters_with_majority = r.Bool(12);
  v.proxy_cap = static_cast<int>(r.Int(13));
  v.channels = SplitWords(r.Text(14));
  v.total = domain::Share{r.Int(15), r.Int(16)};
  v.roll_at = r.Int(17);
  v.closed_at = r.OptInt(18);
  v.result_json = r.OptText(19);
  v.published_at = r.OptInt(20);
  v.cancelled_at = r.OptInt(21);
  v.created_by = r.OptInt(22);
  v.created_at = r.Int(23);
  v.estate_name = r.Text(24);
  v.count_parking = r.Bool(25);
  return v;
}

}  // namespace

Result<VoteRulesRecord> LoadVoteRules(Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT nonvoters_with_majority, proxy_cap, "
                                               "channels, updated_at, count_parking FROM "
                                               "vote_rules WHERE estate_id = ?",
                                               {estate_id}));
  VoteRulesRecord r;
  if (!row) return r;
  r.nonvoters_with_majority = row->Bool(0);
  r.proxy_cap = static_cast<int>(row->Int(1));
  r.channels = SplitWords(row->Text(2));
  r.updated_at = row->Int(3);
  r.count_parking = row->Bool(4);
  return r;
}

Status SaveVoteRules(Tx& tx, std::int64_t estate_id, const VoteRulesRecord& r, std::int64_t now) {
  LINLI_TRY(
      tx.Exec("INSERT INTO vote_rules (estate_id, nonvoters_with_majority, proxy_cap, channels, "
              "count_parking, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (estate_id) DO "
              "UPDATE SET nonvoters_with_majority = excluded.nonvoters_with_majority, proxy_cap = "
              "excluded.proxy_cap, channels = excluded.channels, count_parking = "
              "excluded.count_parking, updated_at = excluded.updated_at",
              {estate_id, static_cast<std::int64_t>(r.nonvoters_with_majority),
               static_cast<std::int64_t>(r.proxy_cap), JoinWords(r.channels),
               static_cast<std::int64_t>(r.count_parking), now}));
  return {};
}

Result<std::int64_t> InsertVote(Tx& tx, const VoteRecord& v) {
  return tx.InsertReturningId(
      "INSERT INTO votes (estate_id, estate_path, kind, title, description, matter, threshold, "
      "building_ids, notice_at, opens_at, closes_at, nonvoters_with_majority, proxy_cap, "
      "channels, total_area, total_heads, roll_at, created_by, created_at, count_parking) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {v.estate_id,
       v.estate_path,
       v.kind,
       v.title,
       v.description,
       static_cast<std::int64_t>(v.matter),
       std::string(domain::ThresholdName(v.threshold)),
       JoinIds(v.building_ids),
       v.notice_at,
       v.opens_at,
       v.closes_at,
       static_cast<std::int64_t>(v.nonvoters_with_majority),
       static_cast<std::int64_t>(v.proxy_cap),
       JoinWords(v.channels),
       v.total.area,
       v.total.heads,
       v.roll_at,
       OptionalInt(v.created_by),
       v.created_at,
       static_cast<std::int64_t>(v.count_parking)});
}

Result<std::optional<VoteRecord>> FindVote(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kVoteCols + kVoteFrom + " WHERE v.id = ?", {id}));
  if (!row) return std::optional<VoteRecord>();
  return std::optional<VoteRecord>(VoteFromRow(*row));
}

Result<std::vector<VoteRecord>> ListVotes(Tx& tx, std::int64_t estate_id, bool published_only,
                                          std::int64_t limit, std::int64_t offset) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kVoteCols + kVoteFrom + " WHERE v.estate_id = ?" +
                   (published_only ? " AND v.published_at IS NOT NULL" : "") +
                   " ORDER BY v.id DESC LIMIT ? OFFSET ?",
               {estate_id, limit, offset}));
  std::vector<VoteRecord> out;
  for (const auto& r : rows) out.push_back(VoteFromRow(r));
  return out;
}

Result<std::int64_t> CountVotes(Tx& tx, std::int64_t estate_id, bool published_only) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne(std::string("SELECT COUNT(*) FROM votes WHERE estate_id = ?") +
                                         (published_only ? " AND published_at IS NOT NULL" : ""),
                                     {estate_id}));
  return row->Int(0);
}

Result<std::vector<VoteRecord>> ListVotesOfOwners(Tx& tx, const std::vector<std::int64_t>& owners) {
  std::vector<VoteRecord> out;
  if (owners.empty()) return out;
  std::string in;
  Params params;
  for (auto id : owners) {
    in += in.empty() ? "?" : ", ?";
    params.push_back(id);
  }
  LINLI_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + kVoteCols + kVoteFrom +
                              " WHERE v.cancelled_at IS NULL AND v.id IN (SELECT ro.vote_id FROM "
                              "vote_roll_owners ro WHERE ro.owner_id IN (" +
                              in + ")) ORDER BY v.id DESC LIMIT 100",
                          params));
  for (const auto& r : rows) out.push_back(VoteFromRow(r));
  return out;
}

Status MarkVoteClosed(Tx& tx, std::int64_t id, std::int64_t at, const std::string& result_json) {
  LINLI_ASSIGN_OR_RETURN(auto n,
                         tx.Exec("UPDATE votes SET closed_at = ?, result_json = ? WHERE id = ? AND "
                                 "closed_at IS NULL",
                                 {at, result_json, id}));
  if (n != 1) return MakeError(ErrorCode::kAborted, "the vote was closed meanwhile; reload it");
  return {};
}

Status MarkVotePublished(Tx& tx, std::int64_t id, std::int64_t at) {
  LINLI_TRY(tx.Exec("UPDATE votes SET published_at = ? WHERE id = ?", {at, id}));
  return {};
}

Status MarkVoteCancelled(Tx& tx, std::int64_t id, std::int64_t at) {
  LINLI_TRY(tx.Exec("UPDATE votes SET cancelled_at = ? WHERE id = ?", {at, id}));
  return {};
}

// ---- The roll -------------------------------------------------------------------------------

Result<std::vector<std::pair<std::int64_t, std::string>>> LoadOwnerNames(Tx& tx,
                                                                         std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query("SELECT id, name FROM owners WHERE estate_id = ?", {estate_id}));
  std::vector<std::pair<std::int64_t, std::string>> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace_back(r.Int(0), r.Text(1));
  return out;
}

namespace {

const char* KindName(domain::VoterGroup::Kind k) {
  switch (k) {
    case domain::VoterGroup::Kind::kDeveloper:
      return "developer";
    case domain::VoterGroup::Kind::kBuyer:
      return "buyer";
    case domain::VoterGroup::Kind::kUnowned:
      return "unowned";
  }
  return "buyer";
}

// Runs `sql_head` + "(?, ...), (...)" over `rows` in batches (one statement per 100 rows).
Status InsertBatched(Tx& tx, const std::string& sql_head, int width,
                     const std::vector<Params>& rows) {
  constexpr size_t kBatch = 100;
  for (size_t i = 0; i < rows.size(); i += kBatch) {
    std::string sql = sql_head;
    Params params;
    const size_t end = std::min(rows.size(), i + kBatch);
    for (size_t k = i; k < end; ++k) {
      sql += k == i ? " (" : ", (";
      for (int c = 0; c < width; ++c) sql += c ? ", ?" : "?";
      sql += ")";
      params.insert(params.end(), rows[k].begin(), rows[k].end());
    }
    LINLI_TRY(tx.Exec(sql, params));
  }
  return {};
}

}  // namespace

Status ReplaceRoll(Tx& tx, std::int64_t vote_id, const domain::VoteRoll& roll,
                   const std::vector<std::pair<std::int64_t, std::string>>& owner_names,
                   std::int64_t at) {
  LINLI_TRY(tx.Exec("DELETE FROM vote_roll_owners WHERE vote_id = ?", {vote_id}));
  LINLI_TRY(tx.Exec("DELETE FROM vote_roll WHERE vote_id = ?", {vote_id}));
  std::unordered_map<std::int64_t, const std::string*> names;
  for (const auto& [id, name] : owner_names) names[id] = &name;
  std::vector<Params> entries, owners;
  entries.reserve(roll.entries.size());
  std::int64_t no = 0;
  for (const auto& e : roll.entries) {
    ++no;
    std::string joined;
    for (auto id : e.group.owner_ids) {
      auto it = names.find(id);
      if (it == names.end()) continue;
      if (!joined.empty()) joined += "、";
      joined += *it->second;
    }
    entries.push_back({vote_id, no, std::string(KindName(e.group.kind)), e.area, joined,
                       JoinIds(e.group.household_ids), JoinIds(e.group.owner_ids)});
    for (auto id : e.group.owner_ids) owners.push_back({vote_id, id, no});
  }
  LINLI_TRY(InsertBatched(tx,
                          "INSERT INTO vote_roll (vote_id, entry_no, kind, area, names, "
                          "household_ids, owner_ids) VALUES",
                          7, entries));
  LINLI_TRY(InsertBatched(tx, "INSERT INTO vote_roll_owners (vote_id, owner_id, entry_no) VALUES",
                          3, owners));
  LINLI_TRY(tx.Exec("UPDATE votes SET total_area = ?, total_heads = ?, roll_at = ? WHERE id = ?",
                    {roll.total.area, roll.total.heads, at, vote_id}));
  return {};
}

namespace {
RollEntryRecord EntryFromRow(const Row& r) {
  return RollEntryRecord{r.Int(0),  r.Text(1),           r.Int(2),
                         r.Text(3), SplitIds(r.Text(4)), SplitIds(r.Text(5))};
}
}  // namespace

Result<std::vector<RollEntryRecord>> ListRoll(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT entry_no, kind, area, names, household_ids, "
                                             "owner_ids FROM vote_roll WHERE vote_id = ? ORDER "
                                             "BY entry_no",
                                             {vote_id}));
  std::vector<RollEntryRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(EntryFromRow(r));
  return out;
}

Result<std::optional<RollEntryRecord>> FindRollEntry(Tx& tx, std::int64_t vote_id,
                                                     std::int64_t entry_no) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT entry_no, kind, area, names, "
                                               "household_ids, owner_ids FROM vote_roll WHERE "
                                               "vote_id = ? AND entry_no = ?",
                                               {vote_id, entry_no}));
  if (!row) return std::optional<RollEntryRecord>();
  return std::optional<RollEntryRecord>(EntryFromRow(*row));
}

Result<std::vector<std::int64_t>> EntriesOfOwner(Tx& tx, std::int64_t vote_id,
                                                 std::int64_t owner_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT entry_no FROM vote_roll_owners WHERE "
                                             "vote_id = ? AND owner_id = ? ORDER BY entry_no",
                                             {vote_id, owner_id}));
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

// ---- Ballots --------------------------------------------------------------------------------

Result<std::int64_t> InsertBallot(Tx& tx, const BallotRecord& b) {
  return tx.InsertReturningId(
      "INSERT INTO ballots (vote_id, entry_no, owner_id, choice, channel, area, evidence, "
      "proxy_name, proxy_key, guardian_name, entered_by, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?) RETURNING id",
      {b.vote_id, b.entry_no, b.owner_id, std::string(domain::ChoiceName(b.choice)),
       std::string(domain::ChannelName(b.channel)), b.area, b.evidence, OptionalText(b.proxy_name),
       OptionalText(b.proxy_key), OptionalText(b.guardian_name), OptionalInt(b.entered_by),
       b.cast_at});
}

namespace {
constexpr const char* kBallotCols =
    "b.id, b.vote_id, b.entry_no, b.owner_id, b.choice, b.channel, b.area, b.evidence, "
    "b.proxy_name, b.proxy_key, b.guardian_name, b.entered_by, b.cast_at, r.names, "
    "COALESCE(a.name, '')";
constexpr const char* kBallotFrom =
    " FROM ballots b JOIN vote_roll r ON r.vote_id = b.vote_id AND r.entry_no = b.entry_no"
    " LEFT JOIN accounts a ON a.id = b.entered_by";

BallotRecord BallotFromRow(const Row& r) {
  BallotRecord b;
  b.id = r.Int(0);
  b.vote_id = r.Int(1);
  b.entry_no = r.Int(2);
  b.owner_id = r.Int(3);
  b.choice = domain::ParseChoice(r.Text(4)).value_or(domain::Choice::kAbstain);
  b.channel = domain::ParseChannel(r.Text(5)).value_or(domain::Channel::kOnline);
  b.area = r.Int(6);
  b.evidence = r.Text(7);
  b.proxy_name = r.OptText(8);
  b.proxy_key = r.OptText(9);
  b.guardian_name = r.OptText(10);
  b.entered_by = r.OptInt(11);
  b.cast_at = r.Int(12);
  b.names = r.Text(13);
  b.entered_by_name = r.Text(14);
  return b;
}
}  // namespace

Result<std::optional<BallotRecord>> FindBallot(Tx& tx, std::int64_t vote_id,
                                               std::int64_t entry_no) {
  LINLI_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kBallotCols + kBallotFrom +
                                                   " WHERE b.vote_id = ? AND b.entry_no = ?",
                                               {vote_id, entry_no}));
  if (!row) return std::optional<BallotRecord>();
  return std::optional<BallotRecord>(BallotFromRow(*row));
}

Result<std::vector<BallotRecord>> ListBallots(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kBallotCols + kBallotFrom +
                                                 " WHERE b.vote_id = ? ORDER BY b.entry_no",
                                             {vote_id}));
  std::vector<BallotRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(BallotFromRow(r));
  return out;
}

Result<std::int64_t> CountBallots(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT COUNT(*) FROM ballots WHERE vote_id = ?", {vote_id}));
  return row->Int(0);
}

Result<std::int64_t> CountProxyBallots(Tx& tx, std::int64_t vote_id, const std::string& proxy_key) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*) FROM ballots WHERE vote_id = ? AND proxy_key = ?",
                            {vote_id, proxy_key}));
  return row->Int(0);
}

Result<BallotSums> SumBallots(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT choice, COALESCE(SUM(area), 0), COUNT(*) "
                                             "FROM ballots WHERE vote_id = ? GROUP BY choice",
                                             {vote_id}));
  BallotSums s;
  for (const auto& r : rows) {
    const domain::Share share{r.Int(1), r.Int(2)};
    const auto c = domain::ParseChoice(r.Text(0));
    if (c == domain::Choice::kAgree) s.agree = share;
    if (c == domain::Choice::kDisagree) s.disagree = share;
    if (c == domain::Choice::kAbstain) s.abstain = share;
  }
  return s;
}

Status InsertRefusal(Tx& tx, const RefusalRecord& r) {
  LINLI_TRY(tx.Exec(
      "INSERT INTO ballot_refusals (vote_id, owner_id, channel, reason, actor_id, "
      "at) VALUES (?, ?, ?, ?, ?, ?)",
      {r.vote_id, OptionalInt(r.owner_id), r.channel, r.reason, OptionalInt(r.actor_id), r.at}));
  return {};
}

Result<std::vector<RefusalRecord>> ListRefusals(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, vote_id, owner_id, channel, reason, "
                                             "actor_id, at FROM ballot_refusals WHERE vote_id = "
                                             "? ORDER BY id",
                                             {vote_id}));
  std::vector<RefusalRecord> out;
  for (const auto& r : rows)
    out.push_back(RefusalRecord{r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.OptInt(5),
                                r.Int(6)});
  return out;
}

// ---- Objections -----------------------------------------------------------------------------

Result<std::int64_t> InsertObjection(Tx& tx, const ObjectionRecord& o) {
  return tx.InsertReturningId(
      "INSERT INTO roll_objections (vote_id, account_id, text, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id",
      {o.vote_id, o.account_id, o.text, o.created_at});
}

namespace {
constexpr const char* kObjectionSelect =
    "SELECT o.id, o.vote_id, o.account_id, o.text, o.answer, o.answered_by, o.answered_at, "
    "o.created_at, a.name FROM roll_objections o JOIN accounts a ON a.id = o.account_id";
ObjectionRecord ObjectionFromRow(const Row& r) {
  return ObjectionRecord{r.Int(0),    r.Int(1),    r.Int(2), r.Text(3), r.OptText(4),
                         r.OptInt(5), r.OptInt(6), r.Int(7), r.Text(8)};
}
}  // namespace

Result<std::optional<ObjectionRecord>> FindObjection(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne(std::string(kObjectionSelect) + " WHERE o.id = ?", {id}));
  if (!row) return std::optional<ObjectionRecord>();
  return std::optional<ObjectionRecord>(ObjectionFromRow(*row));
}

Status AnswerObjection(Tx& tx, std::int64_t id, const std::string& answer, std::int64_t by,
                       std::int64_t at) {
  LINLI_TRY(tx.Exec(
      "UPDATE roll_objections SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?",
      {answer, by, at, id}));
  return {};
}

Result<std::vector<ObjectionRecord>> ListObjections(Tx& tx, std::int64_t vote_id) {
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string(kObjectionSelect) + " WHERE o.vote_id = ? ORDER BY o.id", {vote_id}));
  std::vector<ObjectionRecord> out;
  for (const auto& r : rows) out.push_back(ObjectionFromRow(r));
  return out;
}

}  // namespace linli::storage
