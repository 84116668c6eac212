CREATE SEQUENCE "public"."hub_batch_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "batches" (
	"id" text PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"batch_hash" text NOT NULL,
	"state" text NOT NULL,
	"source" text NOT NULL,
	"hub_seq" bigint,
	"manifest" jsonb NOT NULL,
	"payload" jsonb NOT NULL,
	"receipt" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"byte_size" bigint NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "books" (
	"id" text PRIMARY KEY NOT NULL,
	"commune_code" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"hub_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"device_id" text NOT NULL,
	"base_version" integer NOT NULL,
	"hub_version" integer NOT NULL,
	"incoming_version" integer NOT NULL,
	"hub_content_hash" text NOT NULL,
	"incoming_content_hash" text NOT NULL,
	"hub_data" jsonb NOT NULL,
	"incoming_data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_events" (
	"device_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"batch_id" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "device_events_device_id_seq_pk" PRIMARY KEY("device_id","seq")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"commune_code" text NOT NULL,
	"credential_hash" text NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"clock_skew_ms" double precision,
	"clock_skew_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "enroll_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"commune_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_device" text
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" text PRIMARY KEY NOT NULL,
	"book_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"deleted" boolean NOT NULL,
	"data" jsonb NOT NULL,
	"device_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"hub_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"version" integer NOT NULL,
	"base_version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"data" jsonb NOT NULL,
	"batch_id" text NOT NULL,
	"device_id" text NOT NULL,
	"hub_seq" bigint NOT NULL,
	"applied" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_admins" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hub_admins_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "hub_audit" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"detail" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pages" (
	"id" text PRIMARY KEY NOT NULL,
	"book_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"hub_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_files" (
	"id" text PRIMARY KEY NOT NULL,
	"book_id" text NOT NULL,
	"sha256" text NOT NULL,
	"data" jsonb NOT NULL,
	"hub_seq" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "books" ADD CONSTRAINT "books_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enroll_codes" ADD CONSTRAINT "enroll_codes_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "batches_hub_seq" ON "batches" USING btree ("hub_seq");--> statement-breakpoint
CREATE INDEX "batches_device" ON "batches" USING btree ("device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conflicts_batch_entry" ON "conflicts" USING btree ("batch_id","entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_credential_hash" ON "devices" USING btree ("credential_hash");--> statement-breakpoint
CREATE INDEX "entries_book" ON "entries" USING btree ("book_id");--> statement-breakpoint
CREATE UNIQUE INDEX "entry_versions_batch_entry" ON "entry_versions" USING btree ("batch_id","entry_id");