import Type, { type TSchema } from "typebox";

/**
 * The field schemas stored rows are made of (rows.ts, rows-events.ts, rows-extras.ts). A field's schema
 * decides its column kind (`kindOf` in sql/table.ts) and what a snapshot import must hold to.
 */
export const closed = { additionalProperties: false } as const;
export const S = Type.String();
/** A key: never empty. */
export const Key = Type.String({ minLength: 1 });
export const Int = Type.Integer();
export const B = Type.Boolean();
export const NullableS = Type.Union([Type.String(), Type.Null()]);
export const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
/** A position in a sequence, from 1. */
export const Seq = Type.Integer({ minimum: 1 });
/** A stored row: exactly these fields. */
export const row = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, closed);
