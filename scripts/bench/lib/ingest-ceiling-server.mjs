// The ingest bench's ceiling: a bare node:http server doing the per-batch work Glimpse must do,
// with the same libraries: token check, in-order seq, gunzip, JSON.parse, brotli at quality 5, AES-256-GCM with a per-recording
// key, one better-sqlite3 insert in WAL mode. Usage: node ingest-ceiling-server.mjs <port> <db file>.
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { brotliCompressSync, constants, gunzipSync } from "node:zlib";
import Database from "better-sqlite3";

const [port, file] = [Number(process.argv[2]), process.argv[3]];
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec("CREATE TABLE IF NOT EXISTS chunk (recordingId TEXT, seq INTEGER, ciphertext BLOB, eventCount INTEGER, PRIMARY KEY (recordingId, seq))");
const insert = db.prepare("INSERT INTO chunk (recordingId, seq, ciphertext, eventCount) VALUES (?, ?, ?, ?)");
const sessions = new Map();

// The bench computes the same token for each recording it posts to.
const tokenFor = (id) => createHash("sha256").update(`ceiling:${id}`).digest("base64url");

function encrypt(key, plaintext, aad) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

const send = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

const server = createServer((req, res) => {
  const match = /^\/api\/recorder\/sessions\/([^/]+)\/events$/.exec(req.url ?? "");
  if (req.method === "GET" && req.url === "/health") return send(res, 200, { status: "ok" });
  if (!match || req.method !== "POST") return send(res, 404, { error: { code: "not_found" } });
  const id = match[1];
  if (req.headers.authorization !== `Bearer ${tokenFor(id)}`) return send(res, 401, { error: { code: "unauthorized" } });
  const parts = [];
  req.on("data", (c) => parts.push(c));
  req.on("end", () => {
    const seq = Number(req.headers["x-glimpse-seq"]);
    const session = sessions.get(id) ?? { nextSeq: 0, key: randomBytes(32) };
    sessions.set(id, session);
    if (seq !== session.nextSeq) return send(res, 409, { error: { code: "conflict" } });
    const events = JSON.parse(gunzipSync(Buffer.concat(parts)).toString("utf8"));
    const plaintext = Buffer.from(JSON.stringify(events));
    const compressed = brotliCompressSync(plaintext, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: plaintext.length } });
    insert.run(id, seq, encrypt(session.key, compressed, `${id}:${seq}`), events.length);
    session.nextSeq += 1;
    send(res, 200, { seq, duplicate: false, nextSeq: session.nextSeq, flushMs: 5000 });
  });
});
// As Glimpse's own server (scripts/server.mjs) sets it.
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.error(`[ceiling] listening on ${port}`));

