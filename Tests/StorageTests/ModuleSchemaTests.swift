import Foundation
import SQLKit
import Storage
import Testing

/// A feature's own tables: its migrations applied once, after the platform's, recorded per module; its rows
/// covered by the audit log like the platform's — and nothing of it touches a database opened without it.
@Suite("Module schemas: a feature's migrations and audited tables")
struct ModuleSchemaTests {
    static let cases = ModuleSchema.AuditedTable(name: "demo_cases", key: ["id"],
                                                 columns: [("id", .text), ("title", .text), ("due_epoch", .optionalInt)])
    static func schema(versions: Int = 2) -> ModuleSchema {
        let all = [
            Migrations.Migration(version: 1, name: "demo cases") { db in
                try await db.create(table: "demo_cases").column("id", type: .text, .primaryKey(autoIncrement: false))
                    .column("title", type: .text, .notNull).run()
            },
            Migrations.Migration(version: 2, name: "demo cases: due day") { db in
                try await db.alter(table: "demo_cases").column("due_epoch", type: .bigint).run()
            },
        ]
        return ModuleSchema(module: "demo", migrations: Array(all.prefix(versions)), auditedTables: [cases])
    }

    static func modules(_ db: Database) async throws -> [Int] {
        try await db.read { db in
            try await db.select().column("version").from("rasim_module_migrations").where("module", .equal, SQLBind("demo"))
                .orderBy("version").all().map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    @Test("migrations run once, in order, after the platform's; the rows are audited and verified", arguments: Backend.available)
    func migratesAndAudits(_ backend: Backend) async throws {
        try await FreshDB.withURL(backend) { url in
            // A first release of the feature (one migration), then the next (two).
            let first = try await Database.open(url: url, auditKey: FreshDB.auditKey, schemas: [Self.schema(versions: 1)])
            try await Migrations.run(on: first)
            #expect(try await Self.modules(first) == [1])
            try await first.close()
            let db = try await Database.open(url: url, auditKey: FreshDB.auditKey, schemas: [Self.schema()])
            do {
                try await Migrations.run(on: db)
                try await Migrations.run(on: db)
                #expect(try await Self.modules(db) == [1, 2])
                // An audited write of the feature's rows, verified whole; an edit behind the log's back is named.
                try await db.write { db in
                    try await db.insert(into: "demo_cases").columns("id", "title", "due_epoch").values(SQLBind("C-1"), SQLBind("first"), SQLBind(Int64(1_741_000_000))).run()
                    try await Audit.append(db, actor: "test", action: "demo.put", entity: "case:C-1", payload: "{}", wrote: [("demo_cases", ["C-1"])])
                }
                guard case .whole = try await Audit.verify(db) else { Issue.record("the log does not verify"); return }
                try await db.write { db in try await db.update("demo_cases").set("title", to: SQLBind("edited")).where("id", .equal, SQLBind("C-1")).run() }
                guard case .rowMismatch(let table, let key, _, _) = try await Audit.verify(db) else { Issue.record("the edit went unseen"); return }
                #expect(table == "demo_cases" && key == "C-1")
                try await db.close()
            } catch { try? await db.close(); throw error }
        }
    }

    @Test("a module's migration unknown to this code (a newer Rasim) is refused; invalid schemas are refused at open", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await FreshDB.withURL(backend) { url in
            let newer = try await Database.open(url: url, auditKey: FreshDB.auditKey, schemas: [Self.schema()])
            try await Migrations.run(on: newer)
            try await newer.close()
            let older = try await Database.open(url: url, auditKey: FreshDB.auditKey, schemas: [Self.schema(versions: 1)])
            await #expect(throws: StorageError.self) { try await Migrations.run(on: older) }
            try await older.close()
        }
        let twice = [Self.schema(), Self.schema()]
        await #expect(throws: StorageError.self) { _ = try await Database.open(url: "sqlite:///tmp/never-\(UUID().uuidString).sqlite", schemas: twice) }
        let gap = ModuleSchema(module: "gap", migrations: [Migrations.Migration(version: 2, name: "two") { _ in }])
        await #expect(throws: StorageError.self) { _ = try await Database.open(url: "sqlite:///tmp/never-\(UUID().uuidString).sqlite", schemas: [gap]) }
        let platform = ModuleSchema(module: "steal", migrations: [], auditedTables: [.init(name: "users", key: ["id"], columns: [("id", .text)])])
        await #expect(throws: StorageError.self) { _ = try await Database.open(url: "sqlite:///tmp/never-\(UUID().uuidString).sqlite", schemas: [platform]) }
    }
}
