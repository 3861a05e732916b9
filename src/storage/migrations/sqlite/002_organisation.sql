-- Organisation and people: the integrity the use cases rely on (see src/app/organisation.cpp,
-- src/app/people.cpp). An ID number is stored only encrypted; its keyed blind index finds
-- duplicates, so it is unique (NULLs, people without a number, do not clash).
CREATE UNIQUE INDEX people_id_number_index ON people(id_number_index);
CREATE UNIQUE INDEX party_orgs_unit_name ON party_orgs(unit_id, name);
CREATE INDEX party_orgs_parent ON party_orgs(parent_id);
CREATE UNIQUE INDEX committees_estate_name ON committees(estate_id, name);
CREATE UNIQUE INDEX property_companies_credit_code ON property_companies(credit_code)
  WHERE credit_code <> '';
CREATE INDEX posts_committee ON posts(committee_id, end_date);
CREATE INDEX posts_party_org ON posts(party_org_id, end_date);
