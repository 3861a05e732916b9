-- The duration histograms move out of the counter cells into a table of their own with the same
-- key (issue 3's filing benchmark): most changes to a problem (a filing, an escalation, a rating)
-- add to two or three counters and move no bucket, and SQLite rewrites a whole row for each
-- change: 21 columns instead of 77, four times per change (the estate and each unit above it).
-- A report reads a cell's histograms through a LEFT JOIN on the key (no row: all zero).
-- Both tables are WITHOUT ROWID: a cell is found with one search of its key, not a search of the
-- key's index and then of the table.
CREATE TABLE appeal_stats_durations (
  unit_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  category TEXT NOT NULL,
  handler TEXT NOT NULL,
  r0 BIGINT NOT NULL DEFAULT 0,
  r1 BIGINT NOT NULL DEFAULT 0,
  r2 BIGINT NOT NULL DEFAULT 0,
  r3 BIGINT NOT NULL DEFAULT 0,
  r4 BIGINT NOT NULL DEFAULT 0,
  r5 BIGINT NOT NULL DEFAULT 0,
  r6 BIGINT NOT NULL DEFAULT 0,
  r7 BIGINT NOT NULL DEFAULT 0,
  r8 BIGINT NOT NULL DEFAULT 0,
  r9 BIGINT NOT NULL DEFAULT 0,
  r10 BIGINT NOT NULL DEFAULT 0,
  r11 BIGINT NOT NULL DEFAULT 0,
  r12 BIGINT NOT NULL DEFAULT 0,
  r13 BIGINT NOT NULL DEFAULT 0,
  r14 BIGINT NOT NULL DEFAULT 0,
  r15 BIGINT NOT NULL DEFAULT 0,
  r16 BIGINT NOT NULL DEFAULT 0,
  r17 BIGINT NOT NULL DEFAULT 0,
  r18 BIGINT NOT NULL DEFAULT 0,
  r19 BIGINT NOT NULL DEFAULT 0,
  r20 BIGINT NOT NULL DEFAULT 0,
  r21 BIGINT NOT NULL DEFAULT 0,
  r22 BIGINT NOT NULL DEFAULT 0,
  r23 BIGINT NOT NULL DEFAULT 0,
  r24 BIGINT NOT NULL DEFAULT 0,
  r25 BIGINT NOT NULL DEFAULT 0,
  r26 BIGINT NOT NULL DEFAULT 0,
  r27 BIGINT NOT NULL DEFAULT 0,
  s0 BIGINT NOT NULL DEFAULT 0,
  s1 BIGINT NOT NULL DEFAULT 0,
  s2 BIGINT NOT NULL DEFAULT 0,
  s3 BIGINT NOT NULL DEFAULT 0,
  s4 BIGINT NOT NULL DEFAULT 0,
  s5 BIGINT NOT NULL DEFAULT 0,
  s6 BIGINT NOT NULL DEFAULT 0,
  s7 BIGINT NOT NULL DEFAULT 0,
  s8 BIGINT NOT NULL DEFAULT 0,
  s9 BIGINT NOT NULL DEFAULT 0,
  s10 BIGINT NOT NULL DEFAULT 0,
  s11 BIGINT NOT NULL DEFAULT 0,
  s12 BIGINT NOT NULL DEFAULT 0,
  s13 BIGINT NOT NULL DEFAULT 0,
  s14 BIGINT NOT NULL DEFAULT 0,
  s15 BIGINT NOT NULL DEFAULT 0,
  s16 BIGINT NOT NULL DEFAULT 0,
  s17 BIGINT NOT NULL DEFAULT 0,
  s18 BIGINT NOT NULL DEFAULT 0,
  s19 BIGINT NOT NULL DEFAULT 0,
  s20 BIGINT NOT NULL DEFAULT 0,
  s21 BIGINT NOT NULL DEFAULT 0,
  s22 BIGINT NOT NULL DEFAULT 0,
  s23 BIGINT NOT NULL DEFAULT 0,
  s24 BIGINT NOT NULL DEFAULT 0,
  s25 BIGINT NOT NULL DEFAULT 0,
  s26 BIGINT NOT NULL DEFAULT 0,
  s27 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, month, category, handler)
) WITHOUT ROWID;
INSERT INTO appeal_stats_durations (unit_id, month, category, handler, r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23, r24, r25, r26, r27, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19, s20, s21, s22, s23, s24, s25, s26, s27)
  SELECT unit_id, month, category, handler, r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23, r24, r25, r26, r27, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19, s20, s21, s22, s23, s24, s25, s26, s27 FROM appeal_stats
  WHERE r0 <> 0 OR r1 <> 0 OR r2 <> 0 OR r3 <> 0 OR r4 <> 0 OR r5 <> 0 OR r6 <> 0 OR r7 <> 0 OR r8 <> 0 OR r9 <> 0 OR r10 <> 0 OR r11 <> 0 OR r12 <> 0 OR r13 <> 0 OR r14 <> 0 OR r15 <> 0 OR r16 <> 0 OR r17 <> 0 OR r18 <> 0 OR r19 <> 0 OR r20 <> 0 OR r21 <> 0 OR r22 <> 0 OR r23 <> 0 OR r24 <> 0 OR r25 <> 0 OR r26 <> 0 OR r27 <> 0 OR s0 <> 0 OR s1 <> 0 OR s2 <> 0 OR s3 <> 0 OR s4 <> 0 OR s5 <> 0 OR s6 <> 0 OR s7 <> 0 OR s8 <> 0 OR s9 <> 0 OR s10 <> 0 OR s11 <> 0 OR s12 <> 0 OR s13 <> 0 OR s14 <> 0 OR s15 <> 0 OR s16 <> 0 OR s17 <> 0 OR s18 <> 0 OR s19 <> 0 OR s20 <> 0 OR s21 <> 0 OR s22 <> 0 OR s23 <> 0 OR s24 <> 0 OR s25 <> 0 OR s26 <> 0 OR s27 <> 0;
CREATE TABLE appeal_stats_counters (
  unit_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  category TEXT NOT NULL,
  handler TEXT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  merged BIGINT NOT NULL DEFAULT 0,
  responded BIGINT NOT NULL DEFAULT 0,
  responded_on_time BIGINT NOT NULL DEFAULT 0,
  resolved BIGINT NOT NULL DEFAULT 0,
  resolved_on_time BIGINT NOT NULL DEFAULT 0,
  escalated BIGINT NOT NULL DEFAULT 0,
  solved_inside BIGINT NOT NULL DEFAULT 0,
  rated BIGINT NOT NULL DEFAULT 0,
  satisfied BIGINT NOT NULL DEFAULT 0,
  basically BIGINT NOT NULL DEFAULT 0,
  dissatisfied BIGINT NOT NULL DEFAULT 0,
  callbacks BIGINT NOT NULL DEFAULT 0,
  contacted BIGINT NOT NULL DEFAULT 0,
  solved BIGINT NOT NULL DEFAULT 0,
  open BIGINT NOT NULL DEFAULT 0,
  overdue BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, month, category, handler)
) WITHOUT ROWID;
INSERT INTO appeal_stats_counters (unit_id, month, category, handler, received, merged, responded, responded_on_time, resolved, resolved_on_time, escalated, solved_inside, rated, satisfied, basically, dissatisfied, callbacks, contacted, solved, open, overdue)
  SELECT unit_id, month, category, handler, received, merged, responded, responded_on_time, resolved, resolved_on_time, escalated, solved_inside, rated, satisfied, basically, dissatisfied, callbacks, contacted, solved, open, overdue FROM appeal_stats;
DROP TABLE appeal_stats;
ALTER TABLE appeal_stats_counters RENAME TO appeal_stats;
