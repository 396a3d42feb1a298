import BundledData
import AdministrativePracticeFeature
import PublicServicesFeature
import RiskFeature
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LegalCore
import NIOCore
import PublicServices
import RiskAssessment
import SQLKit
import Storage
import Testing
import WebKit
import WebServer
import WorkCalendar
@testable import rasim

/// Shared fixtures for the API tests: an in-process Rasim server on a fresh temporary SQLite database with the
/// demo data loaded, an API token per demo user, and a small JSON client.
enum APIFixtures {
    static let calendar: KazakhCalendar = {
        do { return try BundledData.calendar(overridesPath: nil, environment: [:]) } catch { fatalError("calendar: \(error)") }
    }()
    static let criteria: RiskCriteria = {
        do { return try RiskData.criteria() } catch { fatalError("risk criteria: \(error)") }
    }()
    /// The features a server of the tests serves: the executable's one list (`Served.features`), their web parts —
    /// a new act is served here as soon as it is listed there.
    static let features: [any WebFeature] = {
        do { return try Served.features.compactMap { try $0.web() } } catch { fatalError("features: \(error)") }
    }()
    /// Every feature's tables.
    static let schemas = Served.features.compactMap(\.schema)
    /// The role × route matrix of such a server.
    static let permissions: Permissions = {
        do { return try RasimServer.permissions(features: features) } catch { fatalError("permissions: \(error)") }
    }()
    static let catalog: [(id: String, json: String, passport: ServicePassport)] = {
        do { return try ServiceCatalog.bundled(zones: calendar.zones) } catch { fatalError("catalog: \(error)") }
    }()

    /// The API token the tests give each demo user (role → token).
    static func token(_ role: Role) -> String { "test-token-\(role.rawValue)" }
    /// A second signer, linked to "deputy-abai" (who may sign every demo service except land-plot-resolution).
    static let deputyToken = "test-token-deputy-signer"
    static let password = Demo.password
}


/// One test's server: its own database file, store and router.
struct APIHarness: Sendable {
    let db: Database
    let store: Store
    let server: RasimServer
    let path: String

    /// On a fresh SQLite file, or on `databaseURL` (an empty PostgreSQL database a test made).
    static func make(demoApplications: Int = 20, configuration: RasimServer.Configuration = .init(), databaseURL: String? = nil) async throws -> APIHarness {
        let path = "/tmp/rasim-webapp-test-\(UUID().uuidString).sqlite"
        let db = try await Database.open(url: databaseURL ?? "sqlite://" + path, auditKey: AuditKey.random(), schemas: APIFixtures.schemas)
        try await Migrations.run(on: db)
        let store = Store(db)
        let loaded = try await Demo.loadIfEmpty(store: store, calendar: APIFixtures.calendar, features: [PublicServicesModule(demoApplications: demoApplications)],
                                                bcryptCost: 4, asOf: Instant(secondsSinceEpoch: Clock.nowEpoch()))
        #expect(loaded)
        for login in Demo.logins {
            let user = try #require(try await store.user(username: login.username), "demo user \(login.username)")
            try await store.addToken(hash: Secrets.sha256(APIFixtures.token(login.role)), userID: user.id, actor: "test")
        }
        // The roles the features declare: a user each, as their demo logins have it, also in akimat-abai (where the
        // tests' public-service applications are), with a token like the platform's roles.
        for login in Demo.logins(features: APIFixtures.features).dropFirst(Demo.logins.count) {
            // (The public-services demo loaded above made its own logins already.)
            if try await store.user(username: login.username) != nil { continue }
            // A feature's own organizations (e.g. a prosecutor's office) exist only in its demo: made here, by id.
            for o in login.organizations ?? [] where try await !store.organizations().contains(where: { $0.id == o }) {
                try await store.putOrganization(.init(id: o, name: o, bin: nil, kind: "test"), actor: "test")
            }
            let user = try await store.addUser(username: login.username, passwordHash: Secrets.hashPassword(APIFixtures.password, cost: 4),
                                               role: login.role.rawValue, organizations: Array(Set((login.organizations ?? []) + ["akimat-abai"])).sorted(),
                                               official: login.official, actor: "test")
            try await store.addToken(hash: Secrets.sha256(APIFixtures.token(login.role)), userID: user, actor: "test")
        }
        let deputy = try await store.addUser(username: "deputy-signer", passwordHash: Secrets.hashPassword(APIFixtures.password, cost: 4),
                                             role: Role.signer.rawValue, organizations: ["akimat-abai"], official: "deputy-abai", actor: "test")
        try await store.addToken(hash: Secrets.sha256(APIFixtures.deputyToken), userID: deputy, actor: "test")
        let server = try RasimServer(store: store, calendar: APIFixtures.calendar, features: APIFixtures.features, configuration: configuration)
        return APIHarness(db: db, store: store, server: server, path: path)
    }

    func close() async {
        await db.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Runs `body` against this server's router in process.
    func run<T: Sendable>(_ body: @Sendable @escaping (APIClient) async throws -> T) async throws -> T {
        let app = Hummingbird.Application(router: HeadAsGet(server.router()))
        return try await app.test(.router) { client in try await body(APIClient(raw: client)) }
    }

    /// Actions recorded in the audit log (optionally only those with the given action).
    func audit(action: String? = nil) async throws -> [(action: String, actor: String, entity: String, payload: String)] {
        try await db.read { db in
            let q = db.select().columns("seq", "action", "actor", "entity", "payload").from("audit_log")
            if let action { q.where("action", .equal, SQLBind(action)) }
            return try await q.orderBy("seq").all().map {
                (try $0.decode(column: "action", as: String.self), try $0.decode(column: "actor", as: String.self),
                 try $0.decode(column: "entity", as: String.self), try $0.decode(column: "payload", as: String.self))
            }
        }
    }

    /// Whether the audit chain verifies whole.
    func auditIsWhole() async throws -> Bool {
        if case .whole = try await Audit.verify(db) { return true }
        return false
    }

    /// Number of stored events of an application (nil: no such application).
    func eventCount(_ id: String) async throws -> Int? {
        try await store.application(id).map { $0.1.count }
    }
}

/// A fresh server for one test; closed and deleted afterwards.
func withAPI<T: Sendable>(demoApplications: Int = 20, configuration: RasimServer.Configuration = .init(), databaseURL: String? = nil,
                          _ body: @Sendable @escaping (APIHarness, APIClient) async throws -> T) async throws -> T {
    let h = try await APIHarness.make(demoApplications: demoApplications, configuration: configuration, databaseURL: databaseURL)
    do {
        let r = try await h.run { try await body(h, $0) }
        await h.close()
        return r
    } catch {
        await h.close()
        throw error
    }
}

/// An answer, with its body as text and as parsed JSON.
struct APIReply: Sendable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    var bytes: [UInt8] = []

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
    /// `{"error": {"code", "message", "path"}}` parts, nil when the body is not an error of that shape.
    var error: (code: String, message: String, path: String)? {
        guard let e = object["error"] as? [String: Any], let c = e["code"] as? String, let m = e["message"] as? String,
              let p = e["path"] as? String else { return nil }
        return (c, m, p)
    }
    var isJSON: Bool { headers[.contentType]?.hasPrefix("application/json") == true && json != nil }
    var description: String { "HTTP \(status.code)\n\(text)" }
}

struct APIClient: Sendable {
    let raw: any TestClientProtocol

    /// Sends a request as `role` (its API token), or with `token`, or with no credentials.
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, as role: Role? = nil, token: String? = nil, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> APIReply {
        var headers = extra
        if let t = token ?? role.map(APIFixtures.token) { headers[.authorization] = "Bearer \(t)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await raw.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { r in
            APIReply(status: r.status, headers: r.headers, text: String(buffer: r.body), bytes: Array(r.body.readableBytesView))
        }
    }

    func get(_ uri: String, as role: Role? = nil, token: String? = nil, headers: HTTPFields = [:]) async throws -> APIReply {
        try await call(.get, uri, as: role, token: token, headers: headers)
    }

    func post(_ uri: String, _ json: String, as role: Role? = nil, token: String? = nil, headers: HTTPFields = [:]) async throws -> APIReply {
        try await call(.post, uri, as: role, token: token, json: json, headers: headers)
    }
}

/// Request bodies used across the tests.
enum Bodies {
    /// A new application of `service` at `provider` with the given events (JSON texts).
    static func application(id: String? = nil, service: String = "outdoor-advertising", provider: String? = "akimat-abai",
                            channel: String = "electronic", events: [String]) -> String {
        var fields: [String] = []
        if let id { fields.append("\"id\": \"\(id)\"") }
        fields.append("\"service\": \"\(service)\"")
        if let provider { fields.append("\"provider\": \"\(provider)\"") }
        fields.append("\"channel\": \"\(channel)\"")
        fields.append("\"events\": [" + events.joined(separator: ", ") + "]")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func event(_ type: String, _ at: String, _ extra: String = "") -> String {
        "{\"type\": \"\(type)\", \"at\": \"\(at)\"" + (extra.isEmpty ? "" : ", " + extra) + "}"
    }

    /// Submitted and registered on `day` (YYYY-MM-DD) at 10:00 and 11:00 Almaty time.
    static func opened(_ day: String) -> [String] {
        [event("submitted", "\(day)T10:00:00+05:00", "\"documents\": [\"application\"]"), event("registered", "\(day)T11:00:00+05:00")]
    }

    /// The example input of docs/reference/risk.md.
    static let riskExample = """
    {
      "asOf": "2025-11-20",
      "subjects": [{
        "id": "akimat-abai", "name": "Абай ауданының әкімдігі",
        "objective": {
          "servicesRenderedLast6Months": 1250,
          "complaintsToAuthorizedBodyLast6Months": 0,
          "art465LiabilityLastYear": false,
          "negativeMediaLastYear": false,
          "inspectionsLastYear": 1,
          "refusalsInInternalControlReport": false
        },
        "subjective": {"violated": [2]},
        "lastVisit": "2025-02-14"
      }]
    }
    """

    static let checklist = #"{"subject": "akimat-abai", "answers": [{"requirement": 1, "complies": true}, {"requirement": 2, "complies": false}]}"#
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}

/// Navigates parsed JSON: `dig(obj, "a", 0, "b")`.
func dig(_ v: Any?, _ keys: Any...) -> Any? {
    var cur = v
    for k in keys {
        if let s = k as? String { cur = (cur as? [String: Any])?[s] } else if let i = k as? Int {
            guard let a = cur as? [Any], i >= 0, i < a.count else { return nil }
            cur = a[i]
        }
    }
    return cur
}

func number(_ v: Any?) -> Double? {
    if isJSONBool(v) { return nil }
    if let d = v as? Double { return d }
    if let i = v as? Int { return Double(i) }
    return (v as? NSNumber)?.doubleValue
}
func int(_ v: Any?) -> Int? { number(v).flatMap { $0 == $0.rounded() ? Int($0) : nil } }
/// JSON true/false (JSONSerialization gives a boolean NSNumber, which `as? Bool` cannot tell from 0 and 1).
func bool(_ v: Any?) -> Bool? { isJSONBool(v) ? v as? Bool : nil }
func isJSONBool(_ v: Any?) -> Bool {
    guard let v else { return false }
    if type(of: v) == Bool.self { return true }
    return String(describing: type(of: v)).contains("Boolean")
}

extension Store {
    /// The one stored application with external id `id` (whatever its provider) and its events; nil when none.
    func application(_ id: String) async throws -> (ApplicationRow, [EventRow])? {
        let found = try await findApplications(id: id, providers: nil)
        guard let row = found.first else { return nil }
        struct Ambiguous: Error { let id: String }
        guard found.count == 1 else { throw Ambiguous(id: id) }
        return try await application(key: row.key)
    }
}
