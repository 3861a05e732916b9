-- What an exclusive unit is used as (home, shop, parking; issue 5, docs/VOTES.md): whether
-- parking spaces count in an owners' vote is set per estate in its rules of procedure
-- (RULES.md §2), and each vote keeps the setting it was announced with.
ALTER TABLE households ADD COLUMN use_kind TEXT NOT NULL DEFAULT 'home';
ALTER TABLE vote_rules ADD COLUMN count_parking INTEGER NOT NULL DEFAULT 0;
ALTER TABLE votes ADD COLUMN count_parking INTEGER NOT NULL DEFAULT 0;
