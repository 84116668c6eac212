/**
 * The one zod import of the project: configured with zod's Vietnamese locale so that even the
 * built-in messages (wrong type, too short, …) reach the clerk in Vietnamese.
 */
import { z } from 'zod';

z.config(z.locales.vi());

export { z };
