-- A notification may be about something other than a residents' problem (a party member's task,
-- a vote...): what it is about, so the phone pages can open it (subject_kind "task" etc.).
ALTER TABLE notifications ADD COLUMN subject_kind TEXT;
ALTER TABLE notifications ADD COLUMN subject_id BIGINT;
