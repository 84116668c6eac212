/**
 * The leaf paths of a zod schema, read from its structure: objects by key, lists as "#" (with
 * their maximum length), optional/nullable/default/pipe unwrapped, a record (danhDau) a leaf.
 * Used to catch drift between the entry schemas and the export column sets, form layouts and labels.
 */
interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string }; bag?: Record<string, unknown> };
}

export interface SchemaPaths {
  /** Leaf paths, list positions written "#" ("nguoiGiamHo.#.hoTen"). */
  leaves: Set<string>;
  /** Maximum length of each list ("thayDoi" → 20), where the schema gives one. */
  maxItems: Map<string, number>;
}

export function schemaPaths(schema: unknown): SchemaPaths {
  const leaves = new Set<string>();
  const maxItems = new Map<string, number>();
  const walk = (node: ZodLike, path: string) => {
    const def = node._zod.def;
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, ZodLike>)) {
          walk(child, path ? `${path}.${key}` : key);
        }
        return;
      case 'array': {
        const checks = (def.checks ?? []) as { _zod: { def: { check: string; maximum?: number } } }[];
        const max = checks.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
        if (typeof max === 'number') maxItems.set(path, max);
        walk(def.element as ZodLike, `${path}.#`);
        return;
      }
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'nonoptional':
        walk(def.innerType as ZodLike, path);
        return;
      case 'pipe':
        walk(def.in as ZodLike, path);
        return;
      case 'union': {
        const objects = (def.options as ZodLike[]).filter((o) => unwrap(o)._zod.def.type === 'object');
        if (objects.length > 0) for (const o of objects) walk(o, path);
        else leaves.add(path);
        return;
      }
      default:
        leaves.add(path);
    }
  };
  walk(schema as ZodLike, '');
  return { leaves, maxItems };
}

function unwrap(node: ZodLike): ZodLike {
  const def = node._zod.def;
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional'].includes(def.type)) {
    return unwrap(def.innerType as ZodLike);
  }
  return node;
}

/** "nguoiGiamHo.1.hoTen" → "nguoiGiamHo.#.hoTen" */
export function pattern(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? '#' : part))
    .join('.');
}
