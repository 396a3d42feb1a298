import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Storage
import Testing
import WebKit
import WebServer
#if canImport(Glibc)
import Glibc
#endif

/// A server on a database that holds no demo: only an administrator (token "test-token-root").
struct EmptyInstall: Sendable {
    let h: APIHarness
    static let rootToken = "test-token-root"

    static func make() async throws -> EmptyInstall {
        let path = "/tmp/rasim-webapp-empty-\(UUID().uuidString).sqlite"
        let db = try await Database.open(url: "sqlite://" + path, auditKey: AuditKey.random())
        try await Migrations.run(on: db)
        let store = Store(db)
        let root = try await store.addUser(username: "root", passwordHash: Secrets.hashPassword("root-password-1", cost: 4), role: "admin",
                                           organizations: [], official: nil, actor: "test")
        try await store.addToken(hash: Secrets.sha256(rootToken), userID: root, actor: "test")
        var configuration = RasimServer.Configuration()
        configuration.bcryptCost = 4
        let server = try RasimServer(store: store, calendar: APIFixtures.calendar, features: APIFixtures.features, configuration: configuration)
        return EmptyInstall(h: APIHarness(db: db, store: store, server: server, path: path))
    }
}

func withEmptyInstall<T: Sendable>(_ body: @Sendable @escaping (APIHarness, APIClient) async throws -> T) async throws -> T {
    let e = try await EmptyInstall.make()
    do { let r = try await e.h.run { try await body(e.h, $0) }; await e.h.close(); return r } catch { await e.h.close(); throw error }
}

/// Issue 11 §6: a real install set up through the admin-only API, without the demo.
@Suite struct AdminAPITests {
    static let root = EmptyInstall.rootToken
    /// One passport of docs/reference/check.md.
    static let passport = #"{"id": "building-permit", "name": {"kk": "Құрылысқа рұқсат", "ru": "Разрешение на строительство"}, "term": {"workingDays": 5}, "hearingRequired": false, "free": true, "requiredDocuments": ["application"], "schedule": {"timeZone": "Asia/Almaty", "open": "09:00", "close": "18:30"}}"#

    /// Organization, catalog, official, a registrar and a signer: everything a provider needs.
    static func setUp(_ client: APIClient) async throws {
        let org = try await client.post("/api/v1/organizations", #"{"id": "akimat-test", "name": "Тест ауданының әкімдігі", "bin": "140440031745", "kind": "local_executive_body"}"#, token: root)
        #expect(org.status == .created && bool(dig(org.json, "created")) == true, "\(org)")
        let services = try await client.post("/api/v1/services", "{\"services\": [\(passport)]}", token: root)
        #expect(services.status == .created && int(dig(services.json, "imported")) == 1, "\(services)")
        let official = try await client.post("/api/v1/officials", #"{"id": "akim-test", "organization": "akimat-test", "name": "Әкім", "maySign": ["building-permit"]}"#, token: root)
        #expect(official.status == .created, "\(official)")
        let registrar = try await client.post("/api/v1/users", #"{"username": "aigerim", "password": "s3cret-pass", "role": "registrar", "organizations": ["akimat-test"]}"#, token: root)
        #expect(registrar.status == .created && dig(registrar.json, "user", "disabled") as? Bool == false, "\(registrar)")
        let signer = try await client.post("/api/v1/users", #"{"username": "akim", "password": "s3cret-pass", "role": "signer", "organizations": ["akimat-test"], "official": "akim-test"}"#, token: root)
        #expect(signer.status == .created, "\(signer)")
    }

    static func token(_ h: APIHarness, _ username: String) async throws -> String {
        let user = try #require(try await h.store.user(username: username))
        let token = "tok-\(username)-\(UUID().uuidString)"
        try await h.store.addToken(hash: Secrets.sha256(token), userID: user.id, actor: "test")
        return token
    }

    @Test func aRealInstallIsSetUpThroughTheAPIAndWorks() async throws {
        try await withEmptyInstall { h, client in
            #expect(try await client.get("/api/v1/services", token: Self.root).text.contains("\"services\": []"))
            try await Self.setUp(client)
            let orgs = try await client.get("/api/v1/organizations", token: Self.root)
            #expect(orgs.status == .ok && (dig(orgs.json, "organizations") as? [Any])?.count == 1, "\(orgs)")
            let users = try await client.get("/api/v1/users", token: Self.root)
            #expect((dig(users.json, "users") as? [[String: Any]])?.map { $0["username"] as? String } == ["aigerim", "akim", "root"], "\(users)")
            #expect(!users.text.contains("$2"), "no password hash leaves the server")
            // The catalog the server judges with is the new one at once.
            #expect(try await client.get("/api/v1/services", token: Self.root).text.contains("building-permit"))
            // The registrar has one organization: `provider` may be left out (the contract's body has none).
            let registrar = try await Self.token(h, "aigerim")
            let created = try await client.post("/api/v1/applications",
                                                Bodies.application(id: "R-1", service: "building-permit", provider: nil, events: Bodies.opened("2025-03-03")),
                                                token: registrar)
            #expect(created.status == .created, "\(created)")
            #expect(try await h.store.application("R-1")?.0.provider == "akimat-test")
            let signer = try await Self.token(h, "akim")
            let result = try await client.post("/api/v1/applications/R-1/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"), token: signer)
            #expect(result.status == .created, "\(result)")
        }
    }

    @Test func providerIsRequiredWhenTheCallerHasSeveralOrganizations() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            // The demo registrar belongs to two organizations.
            let r = try await client.post("/api/v1/applications", Bodies.application(provider: nil, events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(r.status == .unprocessableContent && r.error?.path == "$.provider", "\(r)")
        }
    }

    @Test func absencesHaveKindsAndDeputiesAndABusinessTripDoesNotBarSigning() async throws {
        try await withEmptyInstall { h, client in
            try await Self.setUp(client)
            _ = try await client.post("/api/v1/officials", #"{"id": "deputy-test", "organization": "akimat-test", "name": "Орынбасар", "maySign": ["building-permit"]}"#, token: Self.root)
            let trip = try await client.post("/api/v1/officials/akim-test/absences", #"{"from": "2025-03-04", "to": "2025-03-06", "kind": "business_trip", "deputy": "deputy-test"}"#, token: Self.root)
            #expect(trip.status == .created && dig(trip.json, "absence", "kind") as? String == "business_trip", "\(trip)")
            let badKind = try await client.post("/api/v1/officials/akim-test/absences", #"{"from": "2025-03-10", "to": "2025-03-11", "kind": "holiday"}"#, token: Self.root)
            #expect(badKind.status == .badRequest && badKind.error?.path == "$.kind", "\(badKind)")
            let backwards = try await client.post("/api/v1/officials/akim-test/absences", #"{"from": "2025-03-10", "to": "2025-03-01"}"#, token: Self.root)
            #expect(backwards.status == .unprocessableContent && backwards.error?.path == "$.to", "\(backwards)")
            let selfDeputy = try await client.post("/api/v1/officials/akim-test/absences", #"{"from": "2025-03-10", "to": "2025-03-11", "deputy": "akim-test"}"#, token: Self.root)
            #expect(selfDeputy.status == .unprocessableContent && selfDeputy.error?.path == "$.deputy", "\(selfDeputy)")
            let unknown = try await client.post("/api/v1/officials/nobody/absences", #"{"from": "2025-03-10", "to": "2025-03-11"}"#, token: Self.root)
            #expect(unknown.status == .notFound, "\(unknown)")
            let leave = try await client.post("/api/v1/officials/akim-test/absences", #"{"from": "2025-03-12", "to": "2025-03-14"}"#, token: Self.root)
            #expect(dig(leave.json, "absence", "kind") as? String == "leave", "a kind defaults to leave: \(leave)")

            let registrar = try await Self.token(h, "aigerim"), signer = try await Self.token(h, "akim")
            for (id, day) in [("T-1", "2025-03-03"), ("T-2", "2025-03-11")] {
                let c = try await client.post("/api/v1/applications", Bodies.application(id: id, service: "building-permit", provider: nil, events: Bodies.opened(day)), token: registrar)
                #expect(c.status == .created, "\(c)")
            }
            // On a business trip the official signs with their own key …
            let onTrip = try await client.post("/api/v1/applications/T-1/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"), token: signer)
            #expect(onTrip.status == .created, "\(onTrip)")
            // … on leave they may not.
            let onLeave = try await client.post("/api/v1/applications/T-2/events", Bodies.event("result_issued", "2025-03-13T15:00:00+05:00"), token: signer)
            #expect(onLeave.status == .forbidden && onLeave.error?.code == "signature_refused", "\(onLeave)")
            let officials = try await client.get("/api/v1/officials", token: Self.root)
            #expect(officials.text.contains("\"deputy\": \"deputy-test\""), "\(officials)")
        }
    }

    @Test func invalidSetUpInputNamesTheField() async throws {
        try await withEmptyInstall { _, client in
            let badBIN = try await client.post("/api/v1/organizations", #"{"id": "x", "name": "X", "bin": "123456789012"}"#, token: Self.root)
            // A BIN of the right shape with a wrong check digit breaks a rule no schema states: 422.
            #expect(badBIN.status == .unprocessableContent && badBIN.error?.path == "$.bin", "\(badBIN)")
            let spaces = try await client.post("/api/v1/organizations", #"{"id": "a  b", "name": "X"}"#, token: Self.root)
            #expect(spaces.status == .badRequest && spaces.error?.path == "$.id", "\(spaces)")
            let badTerm = try await client.post("/api/v1/services", #"{"services": [{"id": "s", "term": {"weeks": 2}}]}"#, token: Self.root)
            #expect(badTerm.status == .badRequest && badTerm.error?.path.hasPrefix("$.services[0].term") == true, "\(badTerm)")
            let twice = try await client.post("/api/v1/services", "[\(Self.passport), \(Self.passport)]", token: Self.root)
            #expect(twice.status == .unprocessableContent && twice.error?.path == "$[1].id", "\(twice)")
            #expect(try await client.get("/api/v1/services", token: Self.root).text.contains("\"services\": []"), "nothing stored from a refused import")
            let noOrg = try await client.post("/api/v1/officials", #"{"id": "o", "organization": "nowhere", "name": "O"}"#, token: Self.root)
            #expect(noOrg.status == .unprocessableContent && noOrg.error?.path == "$.organization", "\(noOrg)")
            let userNoOrg = try await client.post("/api/v1/users", #"{"username": "u", "password": "s3cret-pass", "role": "registrar", "organizations": ["nowhere"]}"#, token: Self.root)
            #expect(userNoOrg.status == .unprocessableContent && userNoOrg.error?.path == "$.organizations[0]", "\(userNoOrg)")
            let short = try await client.post("/api/v1/users", #"{"username": "u", "password": "short", "role": "admin"}"#, token: Self.root)
            #expect(short.status == .badRequest && short.error?.path == "$.password", "\(short)")
            let twiceUser = try await client.post("/api/v1/users", #"{"username": "root", "password": "s3cret-pass", "role": "admin"}"#, token: Self.root)
            #expect(twiceUser.status == .conflict, "\(twiceUser)")
        }
    }

    @Test func aDisabledUsersTokensAndSessionsStopAtOnceAndPasswdEnablesIt() async throws {
        try await withEmptyInstall { h, client in
            try await Self.setUp(client)
            let token = try await Self.token(h, "aigerim")
            #expect(try await client.get("/api/v1/me", token: token).status == .ok)   // now cached by the server
            let login = try await APISessionTests.login(client, "aigerim", "s3cret-pass")
            let sid = try #require(APISessionTests.sessionCookie(login)).value
            let cookie: HTTPFields = [.cookie: "rasim_session=\(sid)"]
            #expect(try await client.get("/api/v1/me", headers: cookie).status == .ok)

            let disabled = try await client.post("/api/v1/users/aigerim/disable", "{}", token: Self.root)
            #expect(disabled.status == .ok && dig(disabled.json, "user", "disabled") as? Bool == true, "\(disabled)")
            #expect(int(dig(disabled.json, "tokensRevoked")) == 1 && int(dig(disabled.json, "sessionsEnded")) == 1, "\(disabled)")
            #expect(try await client.get("/api/v1/me", token: token).status == .unauthorized, "a cached token must not outlive the account")
            #expect(try await client.get("/api/v1/me", headers: cookie).status == .unauthorized)
            #expect(try await APISessionTests.login(client, "aigerim", "s3cret-pass").status == .unauthorized)
            #expect(try await client.post("/api/v1/users/root/disable", "{}", token: Self.root).status == .conflict, "no admin locks themselves out")
            #expect(try await client.post("/api/v1/users/nobody/disable", "{}", token: Self.root).status == .notFound)

            let passwd = try await client.post("/api/v1/users/aigerim/password", #"{"password": "another-pass"}"#, token: Self.root)
            #expect(passwd.status == .ok && dig(passwd.json, "user", "disabled") as? Bool == false, "\(passwd)")
            #expect(try await APISessionTests.login(client, "aigerim", "another-pass").status == .ok)
        }
    }

    @Test func revokedTokensStopAtOnce() async throws {
        try await withEmptyInstall { h, client in
            try await Self.setUp(client)
            let a = try await Self.token(h, "aigerim"), b = try await Self.token(h, "aigerim")
            #expect(try await client.get("/api/v1/me", token: a).status == .ok)
            #expect(try await client.get("/api/v1/me", token: b).status == .ok)
            let one = try await client.post("/api/v1/users/aigerim/tokens/revoke", "{\"token\": \"\(a)\"}", token: Self.root)
            #expect(one.status == .ok && int(dig(one.json, "revoked")) == 1, "\(one)")
            #expect(try await client.get("/api/v1/me", token: a).status == .unauthorized)
            let all = try await client.post("/api/v1/users/aigerim/tokens/revoke", "", token: Self.root)
            #expect(all.status == .ok && int(dig(all.json, "revoked")) == 1, "\(all)")
            #expect(try await client.get("/api/v1/me", token: b).status == .unauthorized)
        }
    }

    @Test func adminRoutesAreForAdminsOnly() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for role in APIFixtures.permissions.roles.all where role != .admin {
                let r = try await client.get("/api/v1/users", as: role)
                #expect(r.status == .forbidden, "\(role): \(r)")
                let w = try await client.post("/api/v1/organizations", #"{"id": "x", "name": "X"}"#, as: role)
                #expect(w.status == .forbidden, "\(role): \(w)")
            }
        }
    }
}

/// Issue 11 §5: statuses that say what happened.
@Suite struct SafeStatusTests {
    @Test func aSecondDecisionAfterAResultIs409() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let created = try await client.post("/api/v1/applications", Bodies.application(id: "D-1", events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(created.status == .created, "\(created)")
            let first = try await client.post("/api/v1/applications/D-1/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"), as: .signer)
            #expect(first.status == .created, "\(first)")
            let second = try await client.post("/api/v1/applications/D-1/events", Bodies.event("result_issued", "2025-03-06T15:00:00+05:00"), as: .signer)
            #expect(second.status == .conflict && second.error?.code == "event_exists" && second.error?.path == "$.type", "\(second)")
            let refusal = try await client.post("/api/v1/events",
                                                "{\"events\": [{\"application\": \"D-1\", \"event\": \(Bodies.event("refused", "2025-03-06T15:00:00+05:00", "\"ground\": \"merits\", \"reasons\": [\"x\"]"))}]}",
                                                as: .signer)
            #expect(refusal.status == .conflict, "\(refusal)")
            #expect(try await h.eventCount("D-1") == 3)
        }
    }

    /// Fills the SQLite database: the writer may use no page beyond those it has.
    static func fill(_ h: APIHarness) async throws {
        try await h.db.write { db in
            let pages = try await db.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self) ?? 1
            _ = try await db.raw(SQLQueryString("PRAGMA max_page_count = \(unsafeRaw: String(pages))")).all()
        }
    }

    @Test func aFullDiskIs503NotAnInternalError() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            try await Self.fill(h)
            var failed: APIReply?
            for n in 0..<200 {   // until the pages the database had are used up
                let r = try await client.post("/api/v1/applications",
                                              Bodies.application(id: "FULL-\(n)-" + String(repeating: "x", count: 150), events: Bodies.opened("2025-03-03")), as: .registrar)
                if r.status != .created { failed = r; break }
            }
            let r = try #require(failed, "the database never filled up")
            #expect(r.status == .serviceUnavailable && r.error?.code == "storage_full", "\(r)")
            // A wrong password is not an internal error either.
            let wrong = try await APISessionTests.login(client, "admin", "wrong-password")
            #expect(wrong.status != .internalServerError, "\(wrong)")
            #expect(wrong.status == .unauthorized || wrong.status == .serviceUnavailable, "\(wrong)")
        }
    }

    @Test func aReadOnlyDatabaseMakesHealthDegradedAndWrites503() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let ok = try await client.get("/health")
            #expect(ok.status == .ok && ok.object["status"] as? String == "ok", "\(ok)")
            try await h.db.write { db in _ = try await db.raw("PRAGMA query_only = ON").all() }
            let health = try await client.get("/health")
            #expect(health.status == .ok && health.object["status"] as? String == "degraded", "\(health)")
            #expect(health.object["database"] as? String == "storage_read_only", "\(health)")
            let write = try await client.post("/api/v1/applications", Bodies.application(events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(write.status == .serviceUnavailable && write.error?.code == "storage_read_only", "\(write)")
            #expect(try await client.get("/api/v1/services", as: .registrar).status == .ok, "reads go on")
            let head = try await client.call(.head, "/health")
            #expect(head.status == .ok)
        }
    }

    @Test func aSignInFormOver1MiBIs413() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let big = "username=admin&password=" + String(repeating: "a", count: (1 << 20) + 10)
            let r = try await client.call(.post, "/signin", json: big, headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(r.status == .contentTooLarge, "\(r.status)")
        }
    }

    @Test func csvNeutralisesALeadingTabOrCarriageReturn() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            // A TAB or CR can no longer enter through an id at all (the id alphabet refuses control characters) …
            for id in ["\t=1+2", "\r=3+4"] {
                let body = Bodies.application(id: "X", events: Bodies.opened("2025-03-03"))
                    .replacingOccurrences(of: "\"id\": \"X\"", with: "\"id\": \(String(data: try JSONSerialization.data(withJSONObject: id, options: .fragmentsAllowed), encoding: .utf8)!)")
                let r = try await client.post("/api/v1/applications", body, as: .registrar)
                #expect(r.status == .badRequest && r.error?.path == "$.id", "\(r)")
            }
            // … and what a spreadsheet would run as a formula is still neutralised in the export.
            for id in ["+1+2", "-3+4"] {
                let r = try await client.post("/api/v1/applications", Bodies.application(id: id, events: Bodies.opened("2025-03-03")), as: .registrar)
                #expect(r.status == .created, "\(r)")
            }
            let (cookie, _) = try await PagesTests.signIn(client, "inspector")
            let csv = try await client.call(.get, "/reports/findings.csv", headers: cookie)
            #expect(csv.status == .ok)
            #expect(csv.text.contains("\r\n'+1+2;") && csv.text.contains("\r\n'-3+4;"), "a leading + or - is neutralised")
            #expect(!csv.text.contains("\r\n+1+2;") && !csv.text.contains("\r\n-3+4;"))
        }
    }

    @Test func demoLoginsAndTheBannerShowOnlyWhileDemoUsersExist() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let signin = try await client.get("/signin")
            #expect(signin.text.contains("id=\"demo-logins\"") && signin.text.contains("admin, registrar"), "\(signin.text.prefix(2000))")
            #expect(signin.text.contains("id=\"demo-banner\""))
            // Every demo account gets a password of its own (through the admin API, which rechecks at once).
            for login in Demo.logins(features: APIFixtures.features) where login.username != "admin" {
                let r = try await client.post("/api/v1/users/\(login.username)/password", #"{"password": "own-password-1"}"#, as: .admin)
                #expect(r.status == .ok, "\(r)")
            }
            let partly = try await client.get("/signin")
            #expect(partly.text.contains("id=\"demo-logins\"") && !partly.text.contains("registrar"), "only admin is left open")
            _ = try await client.post("/api/v1/users/admin/password", #"{"password": "own-password-1"}"#, as: .admin)
            let after = try await client.get("/signin")
            #expect(!after.text.contains("demo-logins") && !after.text.contains("demo-banner") && !after.text.contains("rasim-demo"), "\(after.text.prefix(2000))")
        }
        try await withEmptyInstall { _, client in
            let signin = try await client.get("/signin")
            #expect(signin.status == .ok && !signin.text.contains("rasim-demo") && !signin.text.contains("demo-banner"))
        }
    }
}

/// One request over a plain TCP socket, read to the server's close (or 60 s).
enum RawHTTP {
    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var tv = timeval(tv_sec: 60, tv_usec: 0)  // a bound for a loaded machine, not a speed check
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
