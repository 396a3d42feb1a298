import ArgumentParser
import BundledData
import FeatureKit
import Foundation
import LegalCore
import PublicServicesFeature
@testable import RasimCLI
import SQLKit
import CommandKit
import Storage
import Testing
import WebServer
import WorkCalendar
import WebKit

/// The features' tables reach the database through the one path every command opens it by: a feature that
/// declares a schema gets its migrations run and its audited tables covered, with nothing else to wire.
@Suite("Features through the platform: their tables on every open, their demo data after the platform's")
struct FeatureInterfaceTests {
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
        /// One note per demo load, dated as the load was asked to be (the note's id is the day).
        func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws {
            let day = asOf.localDate(offsetSeconds: 5 * 3600).description
            try await store.database.write { db in try await db.insert(into: "notes").columns("id").values(SQLBind(day)).run() }
        }
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

    @Test("the demo loads each feature's data after the organizations and before the users, as of the day given, only into an empty database")
    func demoComesFromTheFeatures() async throws {
        let path = "/tmp/rasim-feature-demo-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm", ".audit-key"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let db = try await DatabaseOptions.parse(["--database", path]).open(create: true, features: [Notes()])
        let calendar = try BundledData.calendar(overridesPath: nil, environment: [:])
        let asOf = try #require(Instant(iso: "2026-03-02T10:00:00+05:00"))
        let store = Store(db)
        let features: [any Feature] = [PublicServicesModule(demoApplications: 2), Notes()]
        #expect(try await Demo.loadIfEmpty(store: store, calendar: calendar, features: features, bcryptCost: 4, asOf: asOf))
        #expect(!(try await Demo.loadIfEmpty(store: store, calendar: calendar, features: features, bcryptCost: 4, asOf: asOf)))
        let notes = try await db.read { db in try await db.select().column("id").from("notes").all().map { try $0.decode(column: "id", as: String.self) } }
        #expect(notes == ["2026-03-02"])
        #expect(!(try await store.organizations()).isEmpty)
        // The public-services demo ran before the users: the demo signer is linked to its official.
        #expect(try await store.applications(providers: nil).count == 2)
        #expect(try await store.user(username: "signer")?.official == "akim-abai")
        try await db.close()
    }
}
