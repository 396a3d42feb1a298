import Foundation
import LegalCore
import SQLKit
import Storage
import Testing
import WebKit
import WebServer

/// A database written by the release before issue 12 (Fixtures/README.md says how it was made) opens with
/// this code, upgrades, and loses nothing: the audit log still vouches for every row, the applications keyed
/// by their bare id are found and judged, and new writes land beside them.
@Suite("Upgrade: a database made by the previous release")
struct UpgradeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixture, unpacked to a fresh file, served with its own audit key.
    static func harness() async throws -> APIHarness {
        let path = "/tmp/rasim-upgrade-\(UUID().uuidString).sqlite"
        let gz = fixtures.appendingPathComponent("release-2026-12.sqlite.gz").path
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        unzip.arguments = ["-c", "gzip -dc \"$0\" > \"$1\"", gz, path]
        try unzip.run()
        unzip.waitUntilExit()
        #expect(unzip.terminationStatus == 0)
        let hex = try String(contentsOf: fixtures.appendingPathComponent("release-2026-12.sqlite.audit-key"), encoding: .utf8)
        let db = try await Database.open(url: "sqlite://" + path, auditKey: try AuditKey(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)))
        let store = Store(db)
        do {
            #expect(try await Audit.verify(db) == .whole(entries: 627), "the file as the old release left it")
            #expect(try await Migrations.run(on: db) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
            for login in Demo.logins {
                let user = try #require(try await store.user(username: login.username))
                try await store.addToken(hash: Secrets.sha256(APIFixtures.token(login.role)), userID: user.id, actor: "test")
            }
        } catch { await db.close(); throw error }
        return APIHarness(db: db, store: store, server: try RasimServer(store: store, calendar: APIFixtures.calendar, features: APIFixtures.features),
                          path: path)
    }

    @Test("it upgrades, its log still vouches for every row, its applications are found, judged and written to")
    func upgradesWithNothingLost() async throws {
        let h = try await Self.harness()
        do {
            try await h.run { c in
                #expect(try await h.store.countApplications() == 300)
                #expect(try await h.store.hasBareApplicationKeys(), "the old release keyed applications by their bare id")
                // A registrar of akimat-abai and akimat-zhetisu finds its own old application by id.
                let mine = try #require(try await h.store.applications(providers: ["akimat-abai"]).first?.0)
                #expect(mine.key == mine.id)
                let g = try await c.get("/api/v1/applications/\(mine.id)", as: .registrar)
                #expect(g.status == .ok && (g.object["application"] as? [String: Any])?["provider"] as? String == "akimat-abai", "\(g)")
                // An id of another organization is not the registrar's, as before.
                let theirs = try #require(try await h.store.applications(providers: ["uap-astana"]).first?.0)
                #expect(try await c.get("/api/v1/applications/\(theirs.id)", as: .registrar).status == .notFound)
                // Findings of all 300 are computed; the old timelines are read by this code.
                let f = try await c.get("/api/v1/findings", as: .inspector)
                #expect(f.status == .ok && ((f.object["summary"] as? [String: Any])?["applications"] as? Int) == 300, "\(f.text.prefix(300))")
                // New writes: an event to an old application, and a new application with an old one's id in the
                // same organization is still a conflict; in another it is not.
                let docs = Bodies.event("documents_added", "2025-12-20T10:00:00+05:00", #""documents": ["x"]"#)
                let before = try #require(try await h.store.application(key: mine.key)).1.count
                let appended = try await c.post("/api/v1/applications/\(mine.id)/events", docs, as: .registrar)
                #expect(appended.status == .created, "\(appended)")
                #expect(try await h.store.application(key: mine.key)?.1.count == before + 1)
                let same = try await c.post("/api/v1/applications", Bodies.application(id: mine.id, provider: "akimat-abai", events: Bodies.opened("2025-12-22")),
                                            as: .registrar)
                #expect(same.status == .conflict, "\(same)")
                #expect(try await c.post("/api/v1/applications", Bodies.application(id: theirs.id, provider: "akimat-abai", events: Bodies.opened("2025-12-22")),
                                         as: .registrar).status == .created)
                // The log still vouches for every row, old and new.
                #expect(try await h.auditIsWhole())
            }
        } catch { await h.close(); throw error }
        await h.close()
    }
}
