-- Lookups the registry's pages make on every profile and search, measured on a 1M-person district.

-- A profile shows the person's latest 流动人口 registration, open or closed.
create index migrant_registration_person on migrant_registration (person_id, arrival_date desc, id desc);

-- A surname search within a street reads names in order from this index and needs each hit's
-- status and id: carried in the index, the hits are counted and listed without visiting the table.
drop index person_name;
create index person_name on person (name, org_path text_pattern_ops) include (status, id);
