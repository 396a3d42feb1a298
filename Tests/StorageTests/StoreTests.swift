import BundledData
import PublicServicesFeature
import Foundation
import SQLKit
import Storage
import Testing

@Suite("Store: rows written and read back")
struct StoreTests {
    @Test("organizations upsert by id and read back (null BIN, Kazakh text)", arguments: Backend.available)
    func organizations(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let a = Store.Organization(id: "akimat-abai", name: "Абай ауданының әкімдігі", bin: "140440031745", kind: "local_executive_body")
            let b = Store.Organization(id: "akimat-zhetisu", name: "Жетісу ауылдық округінің әкімі аппараты", bin: nil, kind: "rural_district_akim")
            try await t.store.putOrganization(b, actor: "test")
            try await t.store.putOrganization(a, actor: "test")
            #expect(try await t.store.organizations() == [a, b])
            // Upsert: same id, new fields — one row, the new fields (and a BIN removed).
            let a2 = Store.Organization(id: "akimat-abai", name: "Абай ауданы", bin: nil, kind: "territorial_unit")
            try await t.store.putOrganization(a2, actor: "test")
            #expect(try await t.store.organizations() == [a2, b])
            #expect(try await t.count("organizations") == 2)
            #expect(try await t.auditRows().map(\.action) == ["organization.put", "organization.put", "organization.put"])
        }
    }

    @Test("services upsert and read back byte for byte (the bundled catalog)", arguments: Backend.available)
    func services(_ backend: Backend) async throws {
        let catalog = try ServiceCatalog.bundled(zones: BundledData.calendar(environment: [:]).zones)
        #expect(!catalog.isEmpty)
        try await FreshDB.with(backend) { t async throws in
            for s in catalog { try await t.store.putService(id: s.id, passport: s.json, actor: "test") }
            let back = try await t.store.services()
            #expect(back.map(\.id) == catalog.map(\.id).sorted())
            for s in catalog { #expect(back.first { $0.id == s.id }?.passport == s.json, "service \(s.id)") }
            // Upsert replaces the passport.
            let first = try #require(catalog.first)
            try await t.store.putService(id: first.id, passport: #"{"id": "\#(first.id)", "changed": true}"#, actor: "test")
            #expect(try await t.store.services().first { $0.id == first.id }?.passport == #"{"id": "\#(first.id)", "changed": true}"#)
            #expect(try await t.count("services") == catalog.count)
        }
    }

    @Test("officials upsert and read back (signing rights, absences)", arguments: Backend.available)
    func officials(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let o = Store.OfficialRow(id: "akim-1", organization: "akimat-test", name: "Әкім", maySign: ["svc-test", "svc-2"],
                                      absencesJSON: #"[{"from": "2025-07-01", "to": "2025-07-21"}]"#)
            try await t.store.putOfficial(o, actor: "test")
            #expect(try await t.store.officials() == [o])
            var o2 = o
            o2.maySign = []
            o2.absencesJSON = "[]"
            o2.name = "Әкімнің орынбасары"
            try await t.store.putOfficial(o2, actor: "test")
            #expect(try await t.store.officials() == [o2])
        }
    }

    @Test("an official of an unknown organization is refused (foreign key) and leaves nothing", arguments: Backend.available)
    func officialNeedsOrganization(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            await #expect(throws: (any Error).self) {
                try await t.store.putOfficial(.init(id: "x", organization: "nowhere", name: "X", maySign: [], absencesJSON: "[]"), actor: "test")
            }
            #expect(try await t.store.officials().isEmpty)
            #expect(try await t.count("audit_log") == 0)
            #expect(try await Audit.verify(t.database) == .whole(entries: 0))
        }
    }

    @Test("application ids are unique per provider; a row keyed by its bare id (made before) still counts for its provider", arguments: Backend.available)
    func perProviderIDs(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.store.putOrganization(.init(id: "other-org", name: "Other", bin: nil, kind: "k"), actor: "test")
            #expect(try await !t.store.hasBareApplicationKeys())
            func fresh(_ id: String, _ org: String) -> Store.ApplicationRow {
                Store.ApplicationRow(id: id, service: "svc-test", provider: org, channel: "paper", applicant: nil, queuePosition: nil,
                                     createdAt: "2025-03-03T10:00:00.000Z")
            }
            let mine = fresh("N-1", "akimat-test"), theirs = fresh("N-1", "other-org")
            #expect(mine.key == "akimat-test|N-1" && mine.id == "N-1")
            try await t.createApplication(mine, events: [FreshDB.event("submitted", 1_741_000_000)])
            try await t.createApplication(theirs, events: [FreshDB.event("submitted", 1_741_000_100)])
            await #expect(throws: StorageError.self) { try await t.createApplication(fresh("N-1", "akimat-test"), events: []) }
            #expect(try await t.store.findApplications(id: "N-1", providers: nil).map(\.provider) == ["akimat-test", "other-org"])
            #expect(try await t.store.findApplications(id: "N-1", providers: ["other-org"]) == [theirs])
            #expect(try await t.store.application(key: theirs.key)?.1.map(\.atEpoch) == [1_741_000_100])
            // A row made before ids were per-provider (key = bare id) is found for its own provider only, and
            // its id cannot be created again there.
            try await t.createApplication(FreshDB.application("OLD-1"), events: [])
            #expect(try await t.store.hasBareApplicationKeys())
            #expect(try await t.store.findApplications(id: "OLD-1", providers: ["akimat-test"]).map(\.key) == ["OLD-1"])
            #expect(try await t.store.findApplications(id: "OLD-1", providers: ["other-org"]).isEmpty)
            await #expect(throws: StorageError.self) { try await t.createApplication(fresh("OLD-1", "akimat-test"), events: []) }
            try await t.createApplication(fresh("OLD-1", "other-org"), events: [])
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        }
    }

    @Test("applications and their events insert and read back in order", arguments: Backend.available)
    func applicationsAndEvents(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let submitted: Int64 = 1_741_000_000
            let row = FreshDB.application("A-1", queuePosition: 17)
            let first = [FreshDB.event("submitted", submitted, extra: #", "documents": ["application"]"#),
                         FreshDB.event("registered", submitted + 60),
                         FreshDB.event("hearing_notified", submitted + 120)]
            try await t.createApplication(row, events: first, actor: "registrar")
            try await t.appendEvents("A-1", [FreshDB.event("hearing_held", submitted + 3600), FreshDB.event("result_issued", submitted + 7200)],
                                     actor: "signer")
            let (back, events) = try #require(try await t.store.application(key: "A-1"))
            #expect(back == row)
            #expect(events.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(events.map(\.type) == ["submitted", "registered", "hearing_notified", "hearing_held", "result_issued"])
            #expect(events.map(\.atEpoch) == [submitted, submitted + 60, submitted + 120, submitted + 3600, submitted + 7200])
            #expect(events[0].body == first[0].body)
            #expect(events.map(\.recordedBy) == ["registrar", "registrar", "registrar", "signer", "signer"])
            #expect(events.allSatisfy { $0.application == "A-1" && !$0.recordedAt.isEmpty })

            // A second application without applicant or queue position; filters by provider and submission.
            try await t.store.putOrganization(.init(id: "other-org", name: "Other", bin: nil, kind: "k"), actor: "test")
            let row2 = FreshDB.application("A-2", org: "other-org", applicant: nil, queuePosition: nil)
            try await t.createApplication(row2, events: [FreshDB.event("submitted", submitted + 86_400)])
            #expect(try await t.store.application(key: "A-2")?.0 == row2)
            #expect(try await t.store.application(key: "nope") == nil)
            #expect(try await t.store.countApplications() == 2)
            #expect(try await t.store.applications(providers: nil).map(\.0.id) == ["A-1", "A-2"])
            #expect(try await t.store.applications(providers: ["other-org"]).map(\.0.id) == ["A-2"])
            #expect(try await t.store.applications(providers: nil, fromEpoch: submitted + 1).map(\.0.id) == ["A-2"])
            #expect(try await t.store.applications(providers: nil, toEpoch: submitted).map(\.0.id) == ["A-1"])
            #expect(try await t.store.applications(providers: nil, service: "svc-test", limit: 1, offset: 1).map(\.0.id) == ["A-2"])
            let all = try await t.store.applications(providers: nil)
            #expect(all.first { $0.0.id == "A-1" }?.1.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(all.first { $0.0.id == "A-2" }?.1.map(\.type) == ["submitted"])
        }
    }

    // Regression (fixed): on PostgreSQL, `Store.applications(providers: [])` builds `provider IN ()`, a syntax error
    // (SQLite accepts it). A user of a per-organization role with no organization reaches it through
    // `GET /api/v1/findings` (visibleOrganizations == []) and gets a 500. (Return [] early for an empty list.)
    @Test("an empty provider list selects no application (a user who belongs to no organization)", arguments: Backend.available)
    func emptyProviderList(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.createApplication(FreshDB.application("A-1"), events: [FreshDB.event("submitted", 1_741_000_000)])
            #expect(try await t.store.applications(providers: []).isEmpty)
            #expect(try await t.store.applications(providers: ["akimat-test"]).count == 1)
        }
    }

    @Test("a duplicate application id is a conflict and writes nothing", arguments: Backend.available)
    func duplicateApplication(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.createApplication(FreshDB.application("A-1"), events: [FreshDB.event("submitted", 1_741_000_000)])
            let auditBefore = try await t.count("audit_log")
            let e = await #expect(throws: StorageError.self) {
                try await t.createApplication(FreshDB.application("A-1", applicant: "someone else"), events: [FreshDB.event("submitted", 1_741_100_000)])
            }
            #expect(e?.kind == "conflict")
            #expect(e?.description.contains("A-1") == true)
            #expect(try await t.store.countApplications() == 1)
            #expect(try await t.store.application(key: "A-1")?.0.applicant == "applicant-1")
            #expect(try await t.store.application(key: "A-1")?.1.count == 1)
            #expect(try await t.count("audit_log") == auditBefore)
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(auditBefore)))
        }
    }

    // Regression (fixed): on PostgreSQL, `Store.insertApplication` checks for the id with a plain SELECT under READ
    // COMMITTED, so two concurrent creations of one id both pass the check and the second INSERT fails with a
    // raw unique violation (PSQLError 23505), not StorageError.conflict — the API answers 500, not 409.
    @Test("concurrent creations of one application id: exactly one wins, the others are conflicts", arguments: Backend.available)
    func concurrentDuplicateApplication(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let outcomes = await withTaskGroup(of: String.self) { group in
                for k in 0..<12 {
                    group.addTask {
                        do {
                            try await t.createApplication(FreshDB.application("A-dup", applicant: "a-\(k)"), events: [FreshDB.event("submitted", 1_741_000_000)])
                            return "ok"
                        } catch StorageError.conflict {
                            return "conflict"
                        } catch {
                            return "other: \(String(reflecting: error))"
                        }
                    }
                }
                var all: [String] = []
                for await o in group { all.append(o) }
                return all
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "conflict" }.count == 11, "\(outcomes.filter { $0.hasPrefix("other") }.first?.prefix(400) ?? "")")
            #expect(try await t.store.countApplications() == 1)
            #expect(try await Audit.verify(t.database) == .whole(entries: 2 + 2))
        }
    }

    // Regression (fixed): on PostgreSQL, two concurrent appends to one application both read the same event count
    // (plain SELECT, READ COMMITTED) and insert the same `seq`; the second fails with a raw unique violation on
    // events(application, seq) — `POST /api/v1/applications/{id}/events` answers 500 under concurrent ingest.
    // (Lock the application row — SELECT … FOR UPDATE — before counting its events.)
    @Test("concurrent appends to one application all land, numbered 1…n without gaps", arguments: Backend.available)
    func concurrentAppends(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let submitted: Int64 = 1_741_000_000
            try await t.createApplication(FreshDB.application("A-1"), events: [FreshDB.event("submitted", submitted)])
            let n = 30
            let failures = await withTaskGroup(of: String?.self) { group in
                for k in 1...n {
                    group.addTask {
                        do { try await t.appendEvents("A-1", [FreshDB.event("documents_added", submitted + Int64(k), extra: #", "documents": ["d\#(k)"]"#)]) }
                        catch { return String(reflecting: error) }
                        return nil
                    }
                }
                var all: [String] = []
                for await f in group { if let f { all.append(f) } }
                return all
            }
            #expect(failures.isEmpty, "\(failures.count) of \(n) appends failed, e.g. \(failures.first?.prefix(400) ?? "")")
            let events = try #require(try await t.store.application(key: "A-1")).1
            #expect(events.map(\.seq) == Array(1...events.count))
            #expect(events.count == 1 + n - failures.count)
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(2 + 2 + events.count - 1)))
        }
    }

    @Test("users with organizations, tokens, sessions and language round-trip", arguments: Backend.available)
    func usersTokensSessions(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.store.putOrganization(.init(id: "akimat-b", name: "B", bin: nil, kind: "k"), actor: "test")
            let id = try await t.store.addUser(username: "reg", passwordHash: "$2b$04$hash", role: "registrar",
                                               organizations: ["akimat-test", "akimat-b"], official: nil, actor: "cli")
            let u = try #require(try await t.store.user(username: "reg"))
            #expect(u.id == id)
            #expect(u.role == "registrar")
            #expect(u.organizations == ["akimat-b", "akimat-test"])
            #expect(u.language == "kk")
            #expect(try await t.store.user(id: id) == u)
            #expect(try await t.store.user(username: "nobody") == nil)

            let dup = await #expect(throws: StorageError.self) {
                _ = try await t.store.addUser(username: "reg", passwordHash: "x", role: "admin", organizations: [], official: nil, actor: "cli")
            }
            #expect(dup?.kind == "conflict")
            let missing = await #expect(throws: StorageError.self) {
                _ = try await t.store.addUser(username: "other", passwordHash: "x", role: "registrar", organizations: ["missing"], official: nil, actor: "cli")
            }
            #expect(missing?.kind == "notFound")
            #expect(try await t.user(named: "other") == false)

            try await t.store.addToken(hash: "tokenhash", userID: id, actor: "cli")
            #expect(try await t.store.userID(tokenHash: "tokenhash") == id)
            #expect(try await t.store.userID(tokenHash: "other") == nil)

            try await t.store.createSession(idHash: "sid", userID: id, csrf: "csrf-1", expiresEpoch: 2_000)
            #expect(try await t.store.session(idHash: "sid", nowEpoch: 1_000)?.csrf == "csrf-1")
            #expect(try await t.store.session(idHash: "sid", nowEpoch: 2_000) == nil, "expired at its expiry")
            try await t.store.deleteSession(idHash: "sid", actor: "reg")
            #expect(try await t.store.session(idHash: "sid", nowEpoch: 1_000) == nil)

            try await t.store.setLanguage(userID: id, language: "ru")
            #expect(try await t.store.user(id: id)?.language == "ru")
        }
    }
}

extension FreshDB {
    func user(named name: String) async throws -> Bool { try await store.user(username: name) != nil }
}
