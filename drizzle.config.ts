import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/backend/db/schema.ts',
  out: './migrations',
});
