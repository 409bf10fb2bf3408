-- A request that writes empties its process's read caches only when its own transaction
-- changed the auth or org tables: the same triggers that notify other processes also raise a
-- transaction-local flag, which the request reads just before it commits. Emptying the caches
-- after every write made every request under write load reload its session.
create or replace function notify_read_model_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('gongzhi_changes', tg_table_name);
  perform set_config('gongzhi.read_model_changed', 'on', true);
  return null;
end $$;
