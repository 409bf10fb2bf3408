-- Server processes cache signed-in sessions for a few seconds. Any change that can alter who
-- may do what — a session revoked or passing its second factor, an account changed, a role
-- granted or revoked, a unit moved or renamed — notifies `gongzhi_auth` when it commits, and
-- every process listening empties its cache.
create function notify_auth_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('gongzhi_auth', tg_table_name);
  return null;
end $$;

create trigger user_session_auth_change after update of revoked_at, mfa_passed on user_session
  for each statement execute function notify_auth_change();
create trigger app_user_auth_change after update or delete on app_user
  for each statement execute function notify_auth_change();
create trigger role_grant_auth_change after insert or update or delete on role_grant
  for each statement execute function notify_auth_change();
create trigger org_unit_auth_change after update on org_unit
  for each statement execute function notify_auth_change();
