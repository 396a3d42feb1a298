import ArgumentParser
import FeatureKit
import Foundation
@testable import RasimCLI
import SQLKit
import Storage
import Testing
import WebKit

/// The features' tables reach the database through the one path every command opens it by: a feature that
/// declares a schema gets its migrations run and its audited tables covered, with nothing else to wire.
@Suite("Feature schemas: every command opens the database with the features' tables")
struct FeatureSchemaTests {
    struct Notes: Feature {
        var commands: [any ParsableCommand.Type] { [] }
        var schema: ModuleSchema? {
            ModuleSchema(module: "notes", migrations: [
                Migrations.Migration(version: 1, name: "notes") { db in
                    try await db.create(table: "notes").column("id", type: .text, .primaryKey(autoIncrement: false)).run()
                },
            ])
        }
        func web() throws -> (any WebFeature)? { nil }
    }

    @Test("a listed feature's migration runs when `rasim serve` creates the database; an unlisted one's never")
    func migrationsComeFromTheList() async throws {
        let path = "/tmp/rasim-feature-schema-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm", ".audit-key"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let options = try DatabaseOptions.parse(["--database", path])
        let db = try await options.open(create: true, features: [Notes()])
        let modules = try await db.read { db in
            try await db.select().column("module").from("rasim_module_migrations").all().map { try $0.decode(column: "module", as: String.self) }
        }
        #expect(modules == ["notes"])
        #expect(db.schemas.map(\.module) == ["notes"])
        try await db.close()
        // Opened by a build that lists no such feature: the table stays, nothing runs for it.
        let again = try await options.open(features: [])
        #expect(again.schemas.isEmpty)
        try await again.close()
    }
}
