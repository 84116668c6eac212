CREATE TABLE "blind_reads" (
	"id" serial PRIMARY KEY NOT NULL,
	"lot_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"field" text NOT NULL,
	"value" text NOT NULL,
	"matches" boolean NOT NULL,
	"reviewer_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "correction_answers" (
	"request_id" text PRIMARY KEY NOT NULL,
	"answer" text NOT NULL,
	"entry_version" integer,
	"reason" text NOT NULL,
	"answered_at" text NOT NULL,
	"answered_by" text NOT NULL,
	"batch_id" text NOT NULL,
	"device_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "correction_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"lot_id" text NOT NULL,
	"book_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"entry_id" text NOT NULL,
	"entry_version" integer NOT NULL,
	"field" text NOT NULL,
	"field_label" text NOT NULL,
	"typed_value" text NOT NULL,
	"read_value" text NOT NULL,
	"note" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_by" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"remote_address" text
);
--> statement-breakpoint
CREATE TABLE "hub_users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password" jsonb NOT NULL,
	"disabled_at" timestamp with time zone,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "hub_users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "lot_entries" (
	"lot_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"entry_version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"sample_order" integer,
	"reasons" jsonb NOT NULL,
	"clerk" text NOT NULL,
	CONSTRAINT "lot_entries_lot_id_entry_id_pk" PRIMARY KEY("lot_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" text PRIMARY KEY NOT NULL,
	"book_id" text NOT NULL,
	"commune_code" text NOT NULL,
	"state" text NOT NULL,
	"hub_seq" bigint NOT NULL,
	"lot_size" integer NOT NULL,
	"aql" double precision NOT NULL,
	"code_letter" text NOT NULL,
	"sample_size" integer NOT NULL,
	"accept_no" integer NOT NULL,
	"reject_no" integer NOT NULL,
	"seed" text,
	"previous_lot_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"drawn_at" timestamp with time zone,
	"drawn_by" integer,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"decision" text,
	"decision_note" text,
	"defective_random" integer,
	"defective_total" integer
);
--> statement-breakpoint
CREATE TABLE "review_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_verdicts" (
	"id" serial PRIMARY KEY NOT NULL,
	"lot_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"entry_version" integer NOT NULL,
	"field" text NOT NULL,
	"critical" boolean NOT NULL,
	"verdict" text NOT NULL,
	"typed_value" text NOT NULL,
	"read_value" text,
	"note" text,
	"source" text NOT NULL,
	"reviewer_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "correction_answers" ADD CONSTRAINT "correction_answers_request_id_correction_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."correction_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_sessions" ADD CONSTRAINT "hub_sessions_user_id_hub_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."hub_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_entries" ADD CONSTRAINT "lot_entries_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "blind_reads_field" ON "blind_reads" USING btree ("lot_id","entry_id","field");--> statement-breakpoint
CREATE INDEX "correction_requests_commune" ON "correction_requests" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "correction_requests_entry" ON "correction_requests" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "hub_sessions_user" ON "hub_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "lots_book" ON "lots" USING btree ("book_id");--> statement-breakpoint
CREATE INDEX "lots_state" ON "lots" USING btree ("state");--> statement-breakpoint
CREATE INDEX "review_verdicts_lot_entry" ON "review_verdicts" USING btree ("lot_id","entry_id");