-- Server processes cache signed-in sessions and org trees for a few seconds. Any change that
-- can alter who may do what, or what the tree looks like — a session revoked or passing its
-- second factor, an account changed, a role granted or revoked, a unit created, moved, renamed
-- or retired — notifies `gongzhi_changes` when it commits, and every listening process
-- empties its caches.
create function notify_read_model_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('gongzhi_changes', tg_table_name);
  return null;
end $$;

create trigger user_session_changed after update of revoked_at, mfa_passed on user_session
  for each statement execute function notify_read_model_change();
create trigger app_user_changed after update or delete on app_user
  for each statement execute function notify_read_model_change();
create trigger role_grant_changed after insert or update or delete on role_grant
  for each statement execute function notify_read_model_change();
create trigger org_unit_changed after insert or update or delete on org_unit
  for each statement execute function notify_read_model_change();
