-- Appending a request's audit records is one round trip. The chain's head row is locked from
-- here until the transaction ends, and every write in a community shares its chain: the fewer
-- round trips under that lock, the less writes in one community wait for each other.
--
-- The caller sends each record's canonical JSON split around its `seq` (the one field known only
-- under the lock), so the hash here is exactly the one `hashRow` computes:
--   hash = sha256(prev_hash ‖ prefix ‖ seq ‖ suffix), hex.
-- Chains are taken in name order, so two requests never wait for each other crosswise. Each
-- statement of a plpgsql function sees what committed before it, so the head read after the
-- lock is the last writer's.
create function audit_append(records jsonb) returns void language plpgsql as $$
declare
  c record;
  r record;
  n integer;
  next_seq bigint;
  prev text;
  h text;
begin
  for c in select value->>'chain' as chain, value->'rows' as rows
             from jsonb_array_elements(records) order by value->>'chain' loop
    n := jsonb_array_length(c.rows);
    insert into audit_chain (chain, seq, head_hash) values (c.chain, n, repeat('0', 64))
      on conflict (chain) do update set seq = audit_chain.seq + n
      returning seq - n, head_hash into next_seq, prev;
    for r in select x.* from jsonb_array_elements(c.rows) with ordinality as e(v, i),
                    jsonb_to_record(e.v) as x(prefix text, suffix text, at timestamptz, actor_id bigint,
                                              actor_name text, actor_roles text[], action text, outcome text,
                                              target_type text, target_id text, org_path text, before jsonb,
                                              after jsonb, ip text, request_id text)
              order by e.i loop
      next_seq := next_seq + 1;
      h := encode(sha256(convert_to(prev || r.prefix || next_seq::text || r.suffix, 'UTF8')), 'hex');
      insert into audit_log (chain, seq, at, actor_id, actor_name, actor_roles, action, outcome, target_type,
                             target_id, org_path, before, after, ip, request_id, prev_hash, hash)
      values (c.chain, next_seq, r.at, r.actor_id, r.actor_name, r.actor_roles, r.action, r.outcome,
              r.target_type, r.target_id, r.org_path, r.before, r.after, r.ip, r.request_id, prev, h);
      prev := h;
    end loop;
    update audit_chain set head_hash = prev where chain = c.chain;
  end loop;
end $$;
