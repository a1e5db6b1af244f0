-- An admin can disable an account (issue 10, §11): a disabled account
-- cannot log in and its sessions are dropped. NULL means enabled.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
