// Reads and writes a profile's SQLite file from the test side with Python's sqlite3,
// so the tests can seed data and inspect what the app wrote without our own code.
import { execFileSync } from "node:child_process";

const script = `
import json, sqlite3, sys
db, sql, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
conn = sqlite3.connect(db)
rows = conn.execute(sql, params).fetchall()
conn.commit()
print(json.dumps(rows))
`;

export function sqlite(db, sql, params = []) {
  const out = execFileSync("python3", ["-c", script, db, sql, JSON.stringify(params)], { encoding: "utf8" });
  return JSON.parse(out);
}
