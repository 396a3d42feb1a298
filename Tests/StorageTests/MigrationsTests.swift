import Foundation
import SQLKit
import Storage
import Testing

@Suite("Migrations: versioned, run on start, applied once")
struct MigrationsTests {
    @Test("the first run applies every migration; a second run applies nothing; rasim_migrations lists version 1", arguments: Backend.available)
    func appliesOnceAndIsIdempotent(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            #expect(t.migrated == Migrations.all.map(\.version))
            #expect(t.migrated.first == 1)
            #expect(try await Migrations.run(on: t.database) == [])
            #expect(try await Migrations.run(on: t.database) == [])
            let versions = try await t.database.read { db in
                try await db.select().columns("version", "name", "applied_at").from("rasim_migrations").orderBy("version").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
            }
            #expect(versions == Migrations.all.map(\.version))
            // Every table is there and empty but for the audit head (genesis); `complaints` is gone (migration 3).
            for table in ["organizations", "services", "officials", "applications", "events", "risk_inputs", "checklists",
                          "users", "user_organizations", "api_tokens", "sessions", "audit_log"] {
                #expect(try await t.count(table) == 0, "table \(table)")
            }
            let head = try await t.auditHead()
            #expect(head.seq == 0)
            #expect(head.hash == Audit.genesis)
            #expect(try await Audit.verify(t.database) == .whole(entries: 0))
            await #expect(throws: (any Error).self) { try await t.count("complaints") }
        }
    }

    @Test("a second process opening the same database applies nothing and keeps the data", arguments: Backend.available)
    func reopenAppliesNothing(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let other = try await Database.open(url: t.url, auditKey: FreshDB.auditKey)
            do {
                #expect(try await Migrations.run(on: other) == [])
                #expect(try await Store(other).organizations().map(\.id) == ["akimat-test"])
                #expect(try await Audit.verify(other) == .whole(entries: 2))
            } catch { await other.close(); throw error }
            await other.close()
        }
    }

    @Test("a database migrated by a newer Rasim (an unknown version) is refused", arguments: Backend.available)
    func unknownVersionIsRefused(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.database.write { db in
                try await db.insert(into: "rasim_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(999), SQLBind("from the future"), SQLBind("2030-01-01T00:00:00Z")).run()
            }
            let e = await #expect(throws: StorageError.self) { try await Migrations.run(on: t.database) }
            #expect(e?.kind == "corrupt")
            #expect(e?.description.contains("999") == true)
        }
    }

    // Regression (fixed): `Migrations.run` reads the applied versions outside the transaction that applies a
    // migration, so two processes starting at once on a new database (`rasim serve` beside `rasim token
    // create`, or two servers on one PostgreSQL) both apply migration 1 and the second fails ("table
    // organizations already exists"). (Re-check the version inside the write — on PostgreSQL under a lock,
    // e.g. `LOCK TABLE rasim_migrations` or an advisory lock — and skip it when already applied.)
    @Test("two processes migrating one new database at once both start", arguments: Backend.available)
    func concurrentFirstStart(_ backend: Backend) async throws {
        try await FreshDB.withURL(backend) { url async throws in
            for round in 0..<5 {
                // Each round on an empty schema: drop what the previous round made.
                if round > 0 { try await FreshDB.dropAllTables(url: url) }
                let a = try await Database.open(url: url)
                let b: Database
                do { b = try await Database.open(url: url) } catch { await a.close(); throw error }
                async let ra = MigrationsTests.migrate(a)
                async let rb = MigrationsTests.migrate(b)
                let results = await [ra, rb]
                #expect(results.allSatisfy { $0.hasPrefix("applied") }, "round \(round): \(results)")
                // Each migration is applied once, by one of the two (each in its own transaction, so they may share the work).
                let applied = results.flatMap { r in
                    r.dropFirst("applied [".count).dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                }
                #expect(applied.sorted() == Migrations.all.map(\.version), "round \(round): each migration applied exactly once: \(results)")
                let versions = try? await a.read { db in
                    try await db.select().column("version").from("rasim_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
                }
                #expect(versions == Migrations.all.map(\.version))
                await a.close(); await b.close()
            }
        }
    }

    static func migrate(_ db: Database) async -> String {
        do { return "applied \(try await Migrations.run(on: db))" } catch { return "error: \(String(reflecting: error).prefix(300))" }
    }

    @Test("migration versions are unique and increasing")
    func versionsAreOrdered() {
        let versions = Migrations.all.map(\.version)
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == versions.count)
        #expect(versions.first == 1)
    }
}

@Suite("Opening databases")
struct OpenTests {
    @Test("an unknown URL scheme is refused with cannotOpen")
    func unknownScheme() async throws {
        let e = await #expect(throws: StorageError.self) { _ = try await Database.open(url: "mysql://root@localhost/rasim") }
        #expect(e?.kind == "cannotOpen")
        #expect(e?.description.contains("mysql://") == true)
    }

    @Test("an unreachable PostgreSQL server is refused with cannotOpen, the password redacted")
    func unreachablePostgres() async throws {
        let e = await #expect(throws: StorageError.self) {
            _ = try await Database.open(url: "postgres://rasim:sekret-pw@127.0.0.1:1/none?sslmode=disable")
        }
        #expect(e?.kind == "cannotOpen")
        #expect(e?.description.contains("sekret-pw") == false)
    }

    @Test("sqlite:///absolute/path (or the bare path) creates the file and its directory; data survives close and reopen",
          arguments: ["sqlite://", ""])
    func sqliteFileSurvivesReopen(scheme: String) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-storage-open-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nested/db.sqlite").path
        let url = scheme + path
        let first = try await Database.open(url: url, auditKey: FreshDB.auditKey)
        #expect(first.kind == .sqlite)
        do {
            try await Migrations.run(on: first)
            try await Store(first).putOrganization(.init(id: "o1", name: "One", bin: nil, kind: "k"), actor: "test")
        } catch { await first.close(); throw error }
        await first.close()
        #expect(FileManager.default.fileExists(atPath: path))
        let second = try await Database.open(url: url, auditKey: FreshDB.auditKey)
        do {
            #expect(try await Migrations.run(on: second) == [])
            #expect(try await Store(second).organizations() == [.init(id: "o1", name: "One", bin: nil, kind: "k")])
        } catch { await second.close(); throw error }
        await second.close()
    }

    @Test("SQLite runs in WAL mode with synchronous=FULL (the durability the server promises)")
    func sqlitePragmas() async throws {
        try await FreshDB.with(.sqlite) { t async throws in
            let mode = try await t.database.read { db in
                try await db.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            }
            #expect(mode?.lowercased() == "wal")
            let sync = try await t.database.write { db in
                try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            }
            #expect(sync == 2, "synchronous=FULL is 2")
            let fk = try await t.database.write { db in
                try await db.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            }
            #expect(fk == 1)
        }
    }

    @Test("a closed database refuses writes", arguments: Backend.available)
    func closedRefusesWrites(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let other = try await Database.open(url: t.url, auditKey: FreshDB.auditKey)
            await other.close()
            await #expect(throws: (any Error).self) {
                try await Store(other).putOrganization(.init(id: "late", name: "Late", bin: nil, kind: "k"), actor: "test")
            }
            #expect(try await t.count("organizations") == 0)
        }
    }
}
