import Foundation
import Logging
import NIOCore
import NIOPosix
@preconcurrency import AsyncKit
import PostgresKit
import SQLKit
import SQLiteKit

/// Rasim's storage: one SQLKit codebase over SQLite (a file, the embedded default) and PostgreSQL.
///
/// Writes go through `write` (any statements, as one all-or-nothing unit) and `append` (events, set-wise),
/// both to the database's one writer (`WriteQueue`), which commits queued writes in groups: one transaction,
/// each write isolated (its own `SAVEPOINT`, or checked before anything is written), one `COMMIT` — so one
/// durable flush covers many requests and a request that fails rolls back alone. A write returns only after
/// its group's `COMMIT`: an acknowledged write survives `kill -9` and power loss.
/// - SQLite: one writer connection (WAL, `synchronous=FULL`: every COMMIT fsyncs the WAL), `BEGIN IMMEDIATE`.
/// - PostgreSQL: one group at a time on a pooled connection.
/// Reads use their own connection (SQLite readers see the last committed state) or the pool.
public final class Database: Sendable {
    public enum Kind: String, Sendable { case sqlite, postgres }
    public let kind: Kind
    public let location: String
    /// The audit log's key (`AuditKey`): audited writes and `Audit.verify` need it; without it they fail.
    public let auditKey: AuditKey?
    /// The features' schemas: their migrations (`Migrations.run`) and audited tables.
    public let schemas: [ModuleSchema]
    let logger: Logger
    private let backend: Backend
    private let closed = Once()
    private let replica = Replica()

    /// A PostgreSQL read replica's pool, once attached (`attachReplica`).
    final class Replica: @unchecked Sendable {
        private let lock = NSLock()
        private var pool: EventLoopGroupConnectionPool<PostgresConnectionSource>?
        private var where_: String?
        var current: EventLoopGroupConnectionPool<PostgresConnectionSource>? { lock.withLock { pool } }
        var location: String? { lock.withLock { where_ } }
        func set(_ p: EventLoopGroupConnectionPool<PostgresConnectionSource>, _ location: String) -> Bool {
            lock.withLock { guard pool == nil else { return false }; pool = p; where_ = location; return true }
        }
        func take() -> EventLoopGroupConnectionPool<PostgresConnectionSource>? { lock.withLock { defer { pool = nil }; return pool } }
    }

    /// Set once, by the first caller of `claim`.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func claim() -> Bool { lock.withLock { if done { return false }; done = true; return true } }
    }

    enum Backend: Sendable {
        case sqlite(writer: WriteQueue, reader: SQLiteConnection, writerConnection: SQLiteConnection)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>, writer: WriteQueue)
    }

    /// Opens `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`, or `postgres://user:pw@host:port/db?sslmode=disable`.
    /// A plain file path without a scheme (`./rasim.sqlite`, `/var/lib/rasim/db.sqlite`) is an SQLite file too.
    /// With `create: false` a missing SQLite file (or its folder) is an error, never a new empty database: only
    /// `rasim serve` creates one (a mistyped `--database` must not quietly answer from an empty database).
    /// `auditKey` signs the audit log's entries; a database opened without one can be read (and written behind
    /// the log's back, as tests do) but not written through audited writes.
    public static func open(url: String, create: Bool = true, logger: Logger = Logger(label: "rasim.storage"),
                            auditKey: AuditKey? = nil, schemas: [ModuleSchema] = []) async throws -> Database {
        try ModuleSchema.validate(schemas)
        let path = try sqlitePath(url)
        if let path {
            if !create, !FileManager.default.fileExists(atPath: path) {
                throw StorageError.cannotOpen("no database at \(path) (\(URL(fileURLWithPath: path).standardizedFileURL.path)): "
                                              + "only `rasim serve` creates one; check --database or RASIM_DATABASE_URL")
            }
            return try await openSQLite(path: path, logger: logger, auditKey: auditKey, schemas: schemas)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let config = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: config),
                                                    maxConnectionsPerEventLoop: 4, pruneInterval: nil, logger: logger,
                                                    on: MultiThreadedEventLoopGroup.singleton)
            let writer = WriteQueue(key: auditKey, moduleTables: schemas.flatMap(\.ledgerTables), connector: .init(begin: "BEGIN", acquire: {
                let conn = try await pool.requestConnection().get()
                let bulk: WriteQueue.BulkInsert = { sql, values in
                    var binds = PostgresBindings(capacity: values.count)
                    for v in values {
                        switch v {
                        case .text(let s): binds.append(s)
                        case .int(let i): binds.append(i)
                        }
                    }
                    for try await _ in try await conn.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {}
                }
                return (conn.sql(queryLogLevel: nil), bulk, { pool.releaseConnection(conn) })
            }), logger: logger)
            let db = Database(kind: .postgres, location: Database.redact(url), auditKey: auditKey, schemas: schemas, logger: logger, backend: .postgres(pool, writer: writer))
            do { _ = try await db.read { try await $0.raw("SELECT 1").all() } } catch {
                try? await pool.shutdownAsync()
                throw StorageError.cannotOpen("cannot connect to \(Database.redact(url)): \(String(reflecting: error))")
            }
            return db
        }
        throw StorageError.cannotOpen("unknown database URL \"\(Database.redact(url))\"")
    }

    /// The SQLite file a database URL names, or nil for PostgreSQL. A string that looks like a URL of another
    /// form (`sqlite:/x` with one slash, `sqlite:x`, `mysql://…`) is refused: read as a file path it would
    /// silently create a folder named `sqlite:` in the working directory.
    public static func sqlitePath(_ url: String) throws -> String? {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return nil }
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            return path.isEmpty ? "rasim.sqlite" : path
        }
        let expected = "expected a file path, sqlite:///ABSOLUTE/PATH, sqlite://RELATIVE/PATH or postgres://USER:PASSWORD@HOST:PORT/DB"
        if url.isEmpty { throw StorageError.cannotOpen("the database URL is empty: " + expected) }
        if let colon = url.firstIndex(of: ":"), url[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
           url.first?.isLetter == true {
            let scheme = url[..<colon].lowercased()
            let rest = url[url.index(after: colon)...].drop(while: { $0 == "/" })
            let hint = scheme == "sqlite" ? " (did you mean sqlite:///\(rest) for the absolute path /\(rest), or sqlite://\(rest) relative to the working directory?)" : ""
            throw StorageError.cannotOpen("unknown database URL \"\(url)\": " + expected + hint)
        }
        return url
    }

    static func redact(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return url }
        if c.password != nil { c.password = "***" }
        return c.string ?? url
    }

    static func openSQLite(path: String, logger: Logger, auditKey: AuditKey?, schemas: [ModuleSchema]) async throws -> Database {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var writerConn: SQLiteConnection?, readerConn: SQLiteConnection?
        do {
            writerConn = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            guard let writerConn else { throw StorageError.cannotOpen(path) }
            let w = writerConn.sql(queryLogLevel: nil)
            // WAL lets readers work beside the writer; FULL makes every COMMIT durable (fsync of the WAL).
            _ = try await w.raw("PRAGMA journal_mode=WAL").all()
            try await w.raw("PRAGMA synchronous=FULL").run()
            try await w.raw("PRAGMA foreign_keys=ON").run()
            try await w.raw("PRAGMA busy_timeout=30000").run()  // another process's write (a second server, a command beside it) is waited for, not an error
            readerConn = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            guard let readerConn else { throw StorageError.cannotOpen(path) }
            let r = readerConn.sql(queryLogLevel: nil)
            try await r.raw("PRAGMA busy_timeout=30000").run()
            try await r.raw("PRAGMA query_only=ON").run()
        } catch {
            // A file that is not a database (garbled) fails here: close what was opened (a connection dropped
            // open is a crash in debug builds) and say so.
            try? await readerConn?.close()
            try? await writerConn?.close()
            throw StorageError.cannotOpen("cannot open SQLite database \(path): \(String(reflecting: error))")
        }
        guard let writerConn, let readerConn else { throw StorageError.cannotOpen("cannot open SQLite database \(path)") }
        let writerDB = writerConn.sql(queryLogLevel: nil)
        let bulk: WriteQueue.BulkInsert = { sql, values in
            _ = try await writerConn.query(sql, values.map {
                switch $0 {
                case .text(let s): return SQLiteData.text(s)
                case .int(let i): return SQLiteData.integer(Int(i))
                }
            })
        }
        let queue = WriteQueue(key: auditKey, moduleTables: schemas.flatMap(\.ledgerTables),
                               connector: .init(begin: "BEGIN IMMEDIATE", acquire: { (writerDB, bulk, {}) }), logger: logger)
        return Database(kind: .sqlite, location: path, auditKey: auditKey, schemas: schemas, logger: logger,
                        backend: .sqlite(writer: queue, reader: readerConn, writerConnection: writerConn))
    }

    private init(kind: Kind, location: String, auditKey: AuditKey?, schemas: [ModuleSchema], logger: Logger, backend: Backend) {
        self.kind = kind; self.location = location; self.auditKey = auditKey; self.schemas = schemas; self.logger = logger; self.backend = backend
    }

    /// One transaction. Throwing inside `body` rolls back everything it wrote.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let queue, _, _):
            return try await queue.submit(body)
        case .postgres(_, let queue):
            return try await queue.submit(body)
        }
    }

    /// How many writes wait for the writer now (not counting the group it is committing).
    public func queuedWrites() async -> Int {
        switch backend {
        case .sqlite(let queue, _, _), .postgres(_, let queue): return await queue.pending.count
        }
    }

    /// Appends one request's events (see `EventAppend`): checked and written set-wise with the other appends
    /// of its group; returns once they are durable.
    public func append(_ request: EventAppend) async throws {
        switch backend {
        case .sqlite(let queue, _, _), .postgres(_, let queue):
            try await queue.append(request)
        }
    }

    /// A transaction on a pooled PostgreSQL connection; rolled back when `body` throws.
    private static func transaction<T: Sendable>(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>, begin: SQLQueryString,
                                                 _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let conn = try await pool.requestConnection().get()
        defer { pool.releaseConnection(conn) }
        let db = conn.sql(queryLogLevel: nil)
        try await db.raw(begin).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(_, let reader, _):
            return try await body(reader.sql(queryLogLevel: nil))
        case .postgres(let pool, _):
            let conn = try await pool.requestConnection().get()
            defer { pool.releaseConnection(conn) }
            return try await body(conn.sql(queryLogLevel: nil))
        }
    }

    /// Sends the lists' read-only queries (`readList`) to a PostgreSQL read replica of this database from now on:
    /// a streaming replica of the primary, which may lag it by its replication delay — so only what a list shows
    /// goes there; sessions, tokens, a record's page and every check before a write read the primary.
    public func attachReplica(url: String) async throws {
        guard kind == .postgres else { throw StorageError.cannotOpen("a read replica is for a PostgreSQL database, not \(kind.rawValue)") }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw StorageError.cannotOpen("the read replica's URL is not postgres://…: \(Database.redact(url))")
        }
        let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: try SQLPostgresConfiguration(url: url)),
                                                maxConnectionsPerEventLoop: 4, pruneInterval: nil, logger: logger,
                                                on: MultiThreadedEventLoopGroup.singleton)
        do {
            let conn = try await pool.requestConnection().get()
            defer { pool.releaseConnection(conn) }
            let n = try await conn.sql(queryLogLevel: nil).raw("SELECT COUNT(*) AS n FROM rasim_migrations").first()?.decode(column: "n", as: Int.self) ?? 0
            guard n > 0 else { throw StorageError.cannotOpen("\(Database.redact(url)) holds no Rasim database") }
        } catch {
            try? await pool.shutdownAsync()
            throw StorageError.cannotOpen("cannot use the read replica \(Database.redact(url)): \(String(reflecting: error))")
        }
        guard replica.set(pool, Database.redact(url)) else {
            try? await pool.shutdownAsync()
            throw StorageError.cannotOpen("a read replica is attached already")
        }
    }

    /// Keeps the query planner's statistics current (after a large import the lists' joins need them to pick their
    /// indexes): on SQLite an `ANALYZE` bounded to a sample of each index (`analysis_limit`, so it takes
    /// milliseconds at a million rows); PostgreSQL's autovacuum analyzes by itself.
    public func optimize() async throws {
        guard kind == .sqlite else { return }
        try await write { db in
            try await db.raw("PRAGMA analysis_limit=1000").run()
            try await db.raw("ANALYZE").run()
        }
    }

    /// Where the lists read (the replica's redacted URL), if not from the database itself.
    public var replicaLocation: String? { replica.location }

    /// A list's read-only query: on the read replica when one is attached, else as `read`.
    public func readList<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let pool = replica.current else { return try await read(body) }
        let conn = try await pool.requestConnection().get()
        defer { pool.releaseConnection(conn) }
        return try await body(conn.sql(queryLogLevel: nil))
    }

    /// One consistent read snapshot (for walking the audit chain while writers go on): on SQLite a read
    /// transaction on a connection of its own, on PostgreSQL a REPEATABLE READ transaction.
    public func readSnapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            let conn = try await SQLiteConnection.open(storage: .file(path: location), logger: logger)
            let db = conn.sql(queryLogLevel: nil)
            do {
                try await db.raw("BEGIN").run()
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                try await conn.close()
                return result
            } catch {
                try? await conn.close()
                throw error
            }
        case .postgres(let pool, _):
            return try await Database.transaction(pool, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    /// SQLite: a copy of the database as it stands, into the new file `path` (`VACUUM INTO` on a connection of its own:
    /// one consistent read snapshot, so the server's writers go on meanwhile in WAL mode). PostgreSQL: refused — its
    /// copy is `pg_dump`'s.
    public func copySQLite(to path: String) async throws {
        guard kind == .sqlite else { throw StorageError.rule("an online copy is SQLite's; for PostgreSQL use pg_dump") }
        let conn = try await SQLiteConnection.open(storage: .file(path: location), logger: logger)
        do {
            let db = conn.sql(queryLogLevel: nil)
            try await db.raw("PRAGMA busy_timeout=30000").run()
            try await db.raw("VACUUM INTO \(bind: path)").run()
            try await conn.close()
        } catch {
            try? await conn.close()
            throw error
        }
    }

    /// Whether the database can record now, found by a write that changes nothing (an UPDATE that matches
    /// no row, rolled back): nil when it can, else why not (read-only, full, unusable).
    public func writeProbe() async -> StorageFailure? {
        struct Undo: Error {}
        do {
            try await write { db in
                try await db.update("rasim_migrations").set("name", to: SQLColumn("name")).where("version", .equal, SQLBind(-1)).run()
                throw Undo()
            }
            return nil
        } catch is Undo {
            return nil
        } catch {
            return StorageFailure.classify(error) ?? StorageFailure(.unavailable, "\(error)")
        }
    }

    /// Closes the connections, once: a second call (a `defer` and an explicit close, or two tasks at exit)
    /// does nothing, instead of closing freed connections while the process exits.
    public func close() async {
        guard closed.claim() else { return }
        if let pool = replica.take() { try? await pool.shutdownAsync() }
        switch backend {
        case .sqlite(let queue, let reader, let writer):
            await queue.stop()
            try? await reader.close()
            try? await writer.close()
        case .postgres(let pool, let queue):
            await queue.stop()
            try? await pool.shutdownAsync()
        }
    }
}

public enum StorageError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(String)
    case notFound(String)
    case conflict(String)
    case rule(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .cannotOpen(let s), .notFound(let s), .conflict(let s), .rule(let s), .corrupt(let s): return s
        }
    }
}
