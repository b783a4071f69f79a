import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import type { Database } from './database.js';

/**
 * schema.ts is kept by hand beside the migrations. Its types vanish at runtime, so this reads its
 * table and column names from the source with the TypeScript compiler and holds them against the
 * columns of a freshly migrated database: a column added in SQL but not in schema.ts (or the other
 * way round) fails here instead of surfacing as a wrong query type.
 */

type Tables = Map<string, Set<string>>;

/** Bookkeeping that is not the app's data: the migrator's own table. pg-boss lives in its own schema. */
const NOT_APP_TABLES = new Set(['schema_migrations']);

/** Table name → column names of the `DB` interface in the given TypeScript source. */
function tablesOfSchemaSource(source: string): Tables {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.Latest, true);
  const declarations = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      declarations.set(statement.name.text, statement);
    }
  }

  const propertyName = (name: ts.PropertyName) => {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
    throw new Error(`schema.ts: unsupported property name ${name.getText(file)}`);
  };
  const membersOf = (members: ts.NodeArray<ts.TypeElement>) =>
    members.filter(ts.isPropertySignature).map((m) => propertyName(m.name));
  const literals = (node: ts.TypeNode | undefined): string[] => {
    if (!node) return [];
    if (ts.isUnionTypeNode(node)) return node.types.flatMap(literals);
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
    throw new Error(`schema.ts: expected string literal keys, got ${node.getText(file)}`);
  };

  const columnsOfName = (name: string): string[] => {
    const declaration = declarations.get(name);
    if (!declaration) throw new Error(`schema.ts: no declaration for ${name}`);
    if (ts.isTypeAliasDeclaration(declaration)) return columnsOfType(declaration.type);
    const inherited = (declaration.heritageClauses ?? []).flatMap((clause) =>
      clause.types.map((t) => {
        if (!ts.isIdentifier(t.expression) || t.typeArguments) {
          throw new Error(`schema.ts: unsupported extends in ${name}: ${t.getText(file)}`);
        }
        return columnsOfName(t.expression.text);
      }),
    );
    return [...inherited.flat(), ...membersOf(declaration.members)];
  };

  const columnsOfType = (node: ts.TypeNode): string[] => {
    if (ts.isTypeLiteralNode(node)) return membersOf(node.members);
    if (ts.isIntersectionTypeNode(node)) return node.types.flatMap(columnsOfType);
    if (ts.isParenthesizedTypeNode(node)) return columnsOfType(node.type);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const [target, keys] = node.typeArguments ?? [];
      if ((name === 'Omit' || name === 'Pick') && target) {
        const named = new Set(literals(keys));
        return columnsOfType(target).filter((c) => (name === 'Omit' ? !named.has(c) : named.has(c)));
      }
      if (!node.typeArguments) return columnsOfName(name);
    }
    throw new Error(`schema.ts: cannot resolve table type ${node.getText(file)}`);
  };

  const db = declarations.get('DB');
  if (!db || !ts.isInterfaceDeclaration(db)) throw new Error('schema.ts: no interface DB');
  const tables: Tables = new Map();
  for (const member of db.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    tables.set(propertyName(member.name), new Set(columnsOfType(member.type)));
  }
  return tables;
}

/** Each way a database and schema.ts disagree, one line per table or column. */
function mismatches(database: Tables, declared: Tables): string[] {
  const found: string[] = [];
  for (const [table, columns] of database) {
    const typed = declared.get(table);
    if (!typed) {
      found.push(`table ${table} is in the database but not in DB`);
      continue;
    }
    for (const c of columns)
      if (!typed.has(c)) found.push(`column ${table}.${c} is in the database but not in DB`);
    for (const c of typed)
      if (!columns.has(c)) found.push(`column ${table}.${c} is in DB but not in the database`);
  }
  for (const table of declared.keys()) {
    if (!database.has(table)) found.push(`table ${table} is in DB but not in the database`);
  }
  return found.sort();
}

describe('reading schema.ts', () => {
  it('resolves interfaces, extends, type aliases, Omit, Pick and intersections', () => {
    const tables = tablesOfSchemaSource(`
      interface Stamped { created_at: string }
      interface ATable extends Stamped { id: string; 'quoted': number }
      type BTable = Omit<ATable, 'quoted' | 'created_at'> & { extra: string };
      type CTable = Pick<ATable, 'id'>;
      type DTable = CTable;
      export interface DB { a: ATable; b: BTable; c: CTable; d: DTable }
    `);
    expect(Object.fromEntries([...tables].map(([t, c]) => [t, [...c].sort()]))).toEqual({
      a: ['created_at', 'id', 'quoted'],
      b: ['extra', 'id'],
      c: ['id'],
      d: ['id'],
    });
  });

  it('names every column or table found on one side only', () => {
    const database: Tables = new Map([
      ['tickets', new Set(['id', 'subject', 'added_in_sql'])],
      ['only_in_sql', new Set(['id'])],
    ]);
    const declared: Tables = new Map([
      ['tickets', new Set(['id', 'subject', 'only_typed'])],
      ['only_typed', new Set(['id'])],
    ]);
    expect(mismatches(database, declared)).toEqual([
      'column tickets.added_in_sql is in the database but not in DB',
      'column tickets.only_typed is in DB but not in the database',
      'table only_in_sql is in the database but not in DB',
      'table only_typed is in DB but not in the database',
    ]);
  });
});

describe('schema.ts against the migrated database', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase(testConfig()));
  });
  afterAll(() => drop());

  it('declares exactly the tables and columns the migrations create', async () => {
    const { rows } = await database.pool.query<{ table_name: string; column_name: string }>(
      `select c.table_name, c.column_name
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
    );
    const migrated: Tables = new Map();
    for (const { table_name, column_name } of rows) {
      if (NOT_APP_TABLES.has(table_name)) continue;
      const columns = migrated.get(table_name) ?? new Set<string>();
      columns.add(column_name);
      migrated.set(table_name, columns);
    }
    expect(migrated.size).toBeGreaterThan(0);
    const declared = tablesOfSchemaSource(readFileSync(new URL('./schema.ts', import.meta.url), 'utf8'));
    expect(mismatches(migrated, declared)).toEqual([]);
  });
});
