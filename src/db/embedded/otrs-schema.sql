-- The OTRS tables otrs-chat-config touches, with a fresh install's rows: the embedded database
-- and the tests start from this. Generated from src/db/embedded/otrs-schema.ts; after changing that file,
-- regenerate with: npx vitest run test/db/embedded/otrs-schema.test.ts -u

CREATE TABLE "valid" (
    "id" serial NOT NULL,
    "name" VARCHAR (200) NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "valid_name" UNIQUE ("name")
);
CREATE TABLE "users" (
    "id" serial NOT NULL,
    "login" VARCHAR (200) NOT NULL,
    "pw" VARCHAR (128) NOT NULL,
    "title" VARCHAR (50) NULL,
    "first_name" VARCHAR (100) NOT NULL,
    "last_name" VARCHAR (100) NOT NULL,
    "valid_id" SMALLINT NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "users_login" UNIQUE ("login")
);
CREATE TABLE "groups" (
    "id" serial NOT NULL,
    "name" VARCHAR (200) NOT NULL,
    "comments" VARCHAR (250) NULL,
    "valid_id" SMALLINT NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "groups_name" UNIQUE ("name")
);
CREATE TABLE "group_user" (
    "user_id" INTEGER NOT NULL,
    "group_id" INTEGER NOT NULL,
    "permission_key" VARCHAR (20) NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL
);
CREATE TABLE "roles" (
    "id" serial NOT NULL,
    "name" VARCHAR (200) NOT NULL,
    "comments" VARCHAR (250) NULL,
    "valid_id" SMALLINT NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "roles_name" UNIQUE ("name")
);
CREATE TABLE "role_user" (
    "user_id" INTEGER NOT NULL,
    "role_id" INTEGER NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL
);
CREATE TABLE "group_role" (
    "role_id" INTEGER NOT NULL,
    "group_id" INTEGER NOT NULL,
    "permission_key" VARCHAR (20) NOT NULL,
    "permission_value" SMALLINT NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL
);
CREATE TABLE "chat_channel" (
    "id" serial NOT NULL,
    "name" VARCHAR (200) NOT NULL,
    "group_id" INTEGER NOT NULL,
    "valid_id" SMALLINT NOT NULL,
    "comments" VARCHAR (250) NULL,
    "customer_interface" SMALLINT NOT NULL DEFAULT 0,
    "public_interface" SMALLINT NOT NULL DEFAULT 0,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "chat_channel_name" UNIQUE ("name")
);
CREATE TABLE "sysconfig_default" (
    "id" serial NOT NULL,
    "name" VARCHAR (250) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "navigation" VARCHAR (200) NOT NULL DEFAULT '',
    "is_invisible" SMALLINT NOT NULL DEFAULT 0,
    "is_readonly" SMALLINT NOT NULL DEFAULT 0,
    "is_required" SMALLINT NOT NULL DEFAULT 0,
    "is_valid" SMALLINT NOT NULL DEFAULT 1,
    "has_configlevel" SMALLINT NOT NULL DEFAULT 0,
    "user_modification_possible" SMALLINT NOT NULL DEFAULT 0,
    "user_modification_active" SMALLINT NOT NULL DEFAULT 0,
    "user_preferences_group" VARCHAR (250) NULL,
    "xml_content_raw" TEXT NOT NULL DEFAULT '',
    "xml_content_parsed" TEXT NOT NULL DEFAULT '',
    "xml_filename" VARCHAR (250) NOT NULL DEFAULT '',
    "effective_value" TEXT NOT NULL,
    "is_dirty" SMALLINT NOT NULL DEFAULT 0,
    "exclusive_lock_guid" VARCHAR (32) NOT NULL DEFAULT '0',
    "exclusive_lock_user_id" INTEGER NULL,
    "exclusive_lock_expiry_time" timestamp(0) NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "sysconfig_default_name" UNIQUE ("name")
);
CREATE TABLE "sysconfig_modified" (
    "id" serial NOT NULL,
    "sysconfig_default_id" INTEGER NOT NULL,
    "name" VARCHAR (250) NOT NULL,
    "user_id" INTEGER NULL,
    "is_valid" SMALLINT NOT NULL,
    "user_modification_active" SMALLINT NOT NULL,
    "effective_value" TEXT NOT NULL,
    "is_dirty" SMALLINT NOT NULL,
    "reset_to_default" SMALLINT NOT NULL,
    "create_time" timestamp(0) NOT NULL,
    "create_by" INTEGER NOT NULL,
    "change_time" timestamp(0) NOT NULL,
    "change_by" INTEGER NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "sysconfig_modified_per_user" UNIQUE ("sysconfig_default_id", "user_id")
);

INSERT INTO "valid" ("name", "create_time", "create_by", "change_time", "change_by")
    VALUES ('valid', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "valid" ("name", "create_time", "create_by", "change_time", "change_by")
    VALUES ('invalid', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "valid" ("name", "create_time", "create_by", "change_time", "change_by")
    VALUES ('invalid-temporarily', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "users" ("login", "pw", "first_name", "last_name", "valid_id", "create_time", "create_by", "change_time", "change_by")
    VALUES ('root@localhost', '!', 'Admin', 'OTRS', 1, current_timestamp, 1, current_timestamp, 1);
INSERT INTO "groups" ("name", "comments", "valid_id", "create_time", "create_by", "change_time", "change_by")
    VALUES ('users', 'Group for default access.', 1, current_timestamp, 1, current_timestamp, 1);
INSERT INTO "groups" ("name", "comments", "valid_id", "create_time", "create_by", "change_time", "change_by")
    VALUES ('admin', 'Group of all administrators.', 1, current_timestamp, 1, current_timestamp, 1);
INSERT INTO "groups" ("name", "comments", "valid_id", "create_time", "create_by", "change_time", "change_by")
    VALUES ('stats', 'Group for statistics access.', 1, current_timestamp, 1, current_timestamp, 1);
INSERT INTO "group_user" ("user_id", "group_id", "permission_key", "create_time", "create_by", "change_time", "change_by")
    VALUES (1, 1, 'rw', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "group_user" ("user_id", "group_id", "permission_key", "create_time", "create_by", "change_time", "change_by")
    VALUES (1, 2, 'rw', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "group_user" ("user_id", "group_id", "permission_key", "create_time", "create_by", "change_time", "change_by")
    VALUES (1, 3, 'rw', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::Active', 'Switches the chat feature on or off for the whole OTRS instance.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''0''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::ChatDirection::PublicToAgent', 'Public (not logged-in) users may start chats with agents.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''0''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::ChatDirection::CustomerToAgent', 'Customer users may start chats with agents.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''1''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::ChatDirection::AgentToCustomer', 'Agents may start chats with customer users.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''1''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::ChatDirection::AgentToAgent', 'Agents may start chats with other agents.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''1''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::PermissionGroup::ChatReceivingAgents', 'Group whose agents receive chat requests (they need at least ro on it). Also the group of the default channel when OTRS creates it.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- users\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::PermissionGroup::ChatStartingAgents', 'Group whose agents may start chats (they need at least ro on it).', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- users\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::PermissionGroup::ChatNotificationAgents', 'Group whose agents are notified of new chat requests; empty means no group.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::DefaultChatChannel', 'Name of the default chat channel, created when chat is switched on and never invalidated by pruning.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- Default channel\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::DefaultAgentName', 'Name shown to customers and public users instead of the real agent name.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- Support Agent\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::ChatTTL', 'Hours a closed chat is kept before it is removed.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''720''\n', current_timestamp, 1, current_timestamp, 1);
INSERT INTO "sysconfig_default" ("name", "description", "navigation", "xml_filename", "effective_value", "create_time", "create_by", "change_time", "change_by")
    VALUES ('ChatEngine::ChatDecayTime', 'Days before an old chat is removed.', 'Chat::ChatEngine', 'ChatEngine.xml', E'--- ''90''\n', current_timestamp, 1, current_timestamp, 1);

ALTER TABLE "valid" ADD CONSTRAINT "fk_valid_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "valid" ADD CONSTRAINT "fk_valid_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
ALTER TABLE "users" ADD CONSTRAINT "fk_users_valid_id_id" FOREIGN KEY ("valid_id") REFERENCES "valid" ("id");
ALTER TABLE "users" ADD CONSTRAINT "fk_users_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "users" ADD CONSTRAINT "fk_users_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
ALTER TABLE "groups" ADD CONSTRAINT "fk_groups_valid_id_id" FOREIGN KEY ("valid_id") REFERENCES "valid" ("id");
ALTER TABLE "groups" ADD CONSTRAINT "fk_groups_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "groups" ADD CONSTRAINT "fk_groups_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
ALTER TABLE "group_user" ADD CONSTRAINT "fk_group_user_user_id_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id");
ALTER TABLE "group_user" ADD CONSTRAINT "fk_group_user_group_id_id" FOREIGN KEY ("group_id") REFERENCES "groups" ("id");
ALTER TABLE "group_user" ADD CONSTRAINT "fk_group_user_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "group_user" ADD CONSTRAINT "fk_group_user_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
CREATE INDEX "group_user_group_id" ON "group_user" ("group_id");
CREATE INDEX "group_user_user_id" ON "group_user" ("user_id");
ALTER TABLE "roles" ADD CONSTRAINT "fk_roles_valid_id_id" FOREIGN KEY ("valid_id") REFERENCES "valid" ("id");
ALTER TABLE "roles" ADD CONSTRAINT "fk_roles_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "roles" ADD CONSTRAINT "fk_roles_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
ALTER TABLE "role_user" ADD CONSTRAINT "fk_role_user_user_id_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id");
ALTER TABLE "role_user" ADD CONSTRAINT "fk_role_user_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "role_user" ADD CONSTRAINT "fk_role_user_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
CREATE INDEX "role_user_user_id" ON "role_user" ("user_id");
CREATE INDEX "role_user_role_id" ON "role_user" ("role_id");
ALTER TABLE "group_role" ADD CONSTRAINT "fk_group_role_role_id_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id");
ALTER TABLE "group_role" ADD CONSTRAINT "fk_group_role_group_id_id" FOREIGN KEY ("group_id") REFERENCES "groups" ("id");
ALTER TABLE "group_role" ADD CONSTRAINT "fk_group_role_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "group_role" ADD CONSTRAINT "fk_group_role_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
CREATE INDEX "group_role_role_id" ON "group_role" ("role_id");
CREATE INDEX "group_role_group_id" ON "group_role" ("group_id");
ALTER TABLE "chat_channel" ADD CONSTRAINT "fk_chat_channel_group_id_id" FOREIGN KEY ("group_id") REFERENCES "groups" ("id");
ALTER TABLE "chat_channel" ADD CONSTRAINT "fk_chat_channel_valid_id_id" FOREIGN KEY ("valid_id") REFERENCES "valid" ("id");
ALTER TABLE "chat_channel" ADD CONSTRAINT "fk_chat_channel_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "chat_channel" ADD CONSTRAINT "fk_chat_channel_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
ALTER TABLE "sysconfig_default" ADD CONSTRAINT "fk_sysconfig_default_exclusive_lock_user_id_id" FOREIGN KEY ("exclusive_lock_user_id") REFERENCES "users" ("id");
ALTER TABLE "sysconfig_default" ADD CONSTRAINT "fk_sysconfig_default_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "sysconfig_default" ADD CONSTRAINT "fk_sysconfig_default_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
ALTER TABLE "sysconfig_modified" ADD CONSTRAINT "fk_sysconfig_modified_sysconfig_default_id_id" FOREIGN KEY ("sysconfig_default_id") REFERENCES "sysconfig_default" ("id");
ALTER TABLE "sysconfig_modified" ADD CONSTRAINT "fk_sysconfig_modified_user_id_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id");
ALTER TABLE "sysconfig_modified" ADD CONSTRAINT "fk_sysconfig_modified_create_by_id" FOREIGN KEY ("create_by") REFERENCES "users" ("id");
ALTER TABLE "sysconfig_modified" ADD CONSTRAINT "fk_sysconfig_modified_change_by_id" FOREIGN KEY ("change_by") REFERENCES "users" ("id");
