-- audit_append (20261127T1100) inserted a request's records one statement each: a sync of fifty
-- visits wrote fifty audit rows one by one while it held its community's chain. The hashes are
-- still chained one after another (each needs the one before), but the rows now go in with one
-- insert per chain. Same records, same hashes, same lock order.
create or replace function audit_append(records jsonb) returns void language plpgsql as $$
declare
  c record;
  n integer;
  next_seq bigint;
  prev text;
  seqs bigint[];
  prevs text[];
  hashes text[];
begin
  for c in select value->>'chain' as chain, value->'rows' as rows
             from jsonb_array_elements(records) order by value->>'chain' loop
    n := jsonb_array_length(c.rows);
    insert into audit_chain (chain, seq, head_hash) values (c.chain, n, repeat('0', 64))
      on conflict (chain) do update set seq = audit_chain.seq + n
      returning seq - n, head_hash into next_seq, prev;
    seqs := array[]::bigint[];
    prevs := array[]::text[];
    hashes := array[]::text[];
    for i in 0 .. n - 1 loop
      next_seq := next_seq + 1;
      prevs := prevs || prev;
      prev := encode(sha256(convert_to(prev || (c.rows->i->>'prefix') || next_seq::text || (c.rows->i->>'suffix'),
                                       'UTF8')), 'hex');
      seqs := seqs || next_seq;
      hashes := hashes || prev;
    end loop;
    insert into audit_log (chain, seq, at, actor_id, actor_name, actor_roles, action, outcome, target_type,
                           target_id, org_path, before, after, ip, request_id, prev_hash, hash)
    select c.chain, seqs[e.i], x.at, x.actor_id, x.actor_name, x.actor_roles, x.action, x.outcome, x.target_type,
           x.target_id, x.org_path, x.before, x.after, x.ip, x.request_id, prevs[e.i], hashes[e.i]
      from jsonb_array_elements(c.rows) with ordinality as e(v, i),
           jsonb_to_record(e.v) as x(at timestamptz, actor_id bigint, actor_name text, actor_roles text[],
                                     action text, outcome text, target_type text, target_id text, org_path text,
                                     before jsonb, after jsonb, ip text, request_id text)
     order by e.i;
    update audit_chain set head_hash = prev where chain = c.chain;
  end loop;
end $$;
