import Foundation
import JSONKit
import SQLKit

/// Typed operations over the schema — the only place SQL is built (with SQLKit's builders and binds; no
/// string-built SQL). Every write also appends its audit entry, in the same transaction, with the rows it
/// produced as the entry's effects (`Ledger`: read back inside the transaction, so the digest is of the row as
/// stored).
public struct Store: Sendable {
    public let database: Database
    public init(_ database: Database) { self.database = database }

    // MARK: rows

    public struct Organization: Sendable, Codable, Hashable {
        public var id: String; public var name: String; public var bin: String?; public var kind: String
        public init(id: String, name: String, bin: String?, kind: String) { self.id = id; self.name = name; self.bin = bin; self.kind = kind }
    }
    /// An application's row. `id` is the external id (the contract's `id`), unique within its provider: two
    /// organizations may both have an application "A-1". `key` is the row's primary key, which events and the
    /// audit log name: `provider|id` (`|` is outside the id alphabet, so the pair is recoverable and no two
    /// pairs share a key). Rows created before ids became per-provider keep their bare id as key (no write creates one any more).
    public struct ApplicationRow: Sendable, Hashable {
        public var key: String
        public var id: String; public var service: String; public var provider: String; public var channel: String
        public var applicant: String?; public var queuePosition: Int?; public var createdAt: String
        public init(id: String, service: String, provider: String, channel: String, applicant: String?, queuePosition: Int?, createdAt: String) {
            self.init(key: Store.applicationKey(provider: provider, id: id), service: service, provider: provider, channel: channel,
                      applicant: applicant, queuePosition: queuePosition, createdAt: createdAt)
        }
        /// A row with the given key (storage tests; rows read back).
        public init(key: String, service: String, provider: String, channel: String, applicant: String?, queuePosition: Int?, createdAt: String) {
            self.key = key; self.id = Store.applicationID(key: key); self.service = service; self.provider = provider; self.channel = channel
            self.applicant = applicant; self.queuePosition = queuePosition; self.createdAt = createdAt
        }
    }

    /// The primary key of the application `id` of `provider` (see `ApplicationRow`).
    public static func applicationKey(provider: String, id: String) -> String { provider + "|" + id }
    /// The external id an application's key holds.
    public static func applicationID(key: String) -> String {
        guard let bar = key.firstIndex(of: "|") else { return key }
        return String(key[key.index(after: bar)...])
    }
    public struct EventRow: Sendable, Hashable {
        public var application: String; public var seq: Int; public var type: String; public var atEpoch: Int64
        public var body: String; public var recordedAt: String; public var recordedBy: String
    }
    public struct NewEvent: Sendable {
        public var type: String; public var atEpoch: Int64; public var body: String
        public init(type: String, atEpoch: Int64, body: String) { self.type = type; self.atEpoch = atEpoch; self.body = body }
    }
    public struct User: Sendable, Hashable {
        public var id: String; public var username: String; public var passwordHash: String; public var role: String
        public var official: String?; public var language: String; public var organizations: [String]
    }

    // MARK: organizations

    public func putOrganization(_ o: Organization, actor: String) async throws {
        try await database.write { db in
            try await db.insert(into: "organizations").columns("id", "name", "bin", "kind", "created_at")
                .values(SQLBind(o.id), SQLBind(o.name), SQLBind(o.bin), SQLBind(o.kind), SQLBind(Clock.nowISO()))
                .onConflict(with: ["id"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "bin").set(excludedValueOf: "kind") }
                .run()
            try await Audit.append(db, actor: actor, action: "organization.put", entity: "organization:\(o.id)",
                                   payload: JSONText.object([("bin", JSONText.string(o.bin ?? "")), ("kind", JSONText.string(o.kind)),
                                                                     ("name", JSONText.string(o.name))]),
                                   effects: [try await Ledger.readBack(db, Ledger.organizations, .text(o.id))])
        }
    }

    public func organizations() async throws -> [Organization] {
        try await database.read { db in
            try await db.select().columns("id", "name", "bin", "kind").from("organizations").orderBy("id").all().map {
                Organization(id: try $0.decode(column: "id", as: String.self), name: try $0.decode(column: "name", as: String.self),
                             bin: try $0.decode(column: "bin", as: String?.self), kind: try $0.decode(column: "kind", as: String.self))
            }
        }
    }





    // MARK: applications and events

    /// Locks an application's row for the rest of the write transaction (PostgreSQL; SQLite has one writer),
    /// so concurrent appends to one application number their events one after the other.
    public static func lockApplication(_ db: any SQLDatabase, key: String) async throws {
        _ = try await db.select().column("id").from("applications").where("id", .equal, SQLBind(key)).for(.update).first()
    }

    /// Reads an application and its events inside a write transaction (for validation before appending).
    public static func loadEvents(_ db: any SQLDatabase, application: String) async throws -> [EventRow] {
        try await db.select().columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
            .from("events").where("application", .equal, SQLBind(application)).orderBy("seq").all().map(Store.eventRow)
    }

    public static func loadApplication(_ db: any SQLDatabase, key: String) async throws -> ApplicationRow? {
        try await db.select().columns(applicationColumns).from("applications").where("id", .equal, SQLBind(key)).first().map(Store.applicationRow)
    }

    /// The applications with external id `id` among the given providers' (nil: every provider's): at most one
    /// per provider. A row from before per-provider ids (key = bare id) counts for its own provider only.
    static func findApplications(_ db: any SQLDatabase, id: String, providers: [String]?) async throws -> [ApplicationRow] {
        let among: [String]
        if let providers { among = providers } else {
            among = try await db.select().column("id").from("organizations").all().map { try $0.decode(column: "id", as: String.self) }
        }
        var keys = [id]
        var out: [ApplicationRow] = []
        for p in among { keys.append(applicationKey(provider: p, id: id)) }
        let allowed = Set(among)
        for chunk in stride(from: 0, to: keys.count, by: 500) {
            let some = Array(keys[chunk..<min(chunk + 500, keys.count)])
            out += try await db.select().columns(applicationColumns).from("applications").where("id", .in, SQLBind.group(some)).all()
                .map(Store.applicationRow).filter { allowed.contains($0.provider) }
        }
        return out.sorted { $0.provider < $1.provider }
    }

    public static func insertApplication(_ db: any SQLDatabase, _ a: ApplicationRow, actor: String) async throws {
        let exists = StorageError.conflict("application \"\(a.id)\" already exists in organization \"\(a.provider)\"")
        if try await !findApplications(db, id: a.id, providers: [a.provider]).isEmpty { throw exists }
        do {
            try await db.insert(into: "applications")
                .columns("id", "service", "provider", "channel", "applicant", "queue_position", "submitted_epoch", "created_at")
                .values(SQLBind(a.key), SQLBind(a.service), SQLBind(a.provider), SQLBind(a.channel), SQLBind(a.applicant),
                        SQLBind(a.queuePosition), SQLBind(Int64?.none), SQLBind(a.createdAt))
                .run()
        } catch {
            // Two creations racing on PostgreSQL: the loser meets the primary key.
            let text = String(reflecting: error)
            if text.contains("duplicate key") || text.contains("23505") || text.contains("UNIQUE constraint failed") { throw exists }
            throw error
        }
        try await Audit.append(db, actor: actor, action: "application.create", entity: "application:\(a.key)",
                               payload: JSONText.object([("id", JSONText.string(a.id)), ("service", JSONText.string(a.service)),
                                                         ("provider", JSONText.string(a.provider)), ("channel", JSONText.string(a.channel))]),
                               effects: [try await Ledger.readBack(db, Ledger.applications, .text(a.key))])
    }

    /// Appends events after the existing ones (`seq` continues); the caller has validated them. The
    /// application's row is locked and its event count re-read here, so concurrent appends to one
    /// application are numbered one after the other whatever count the caller saw.
    public static func insertEvents(_ db: any SQLDatabase, application: String, after hint: Int, _ events: [NewEvent], actor: String) async throws {
        guard !events.isEmpty else { return }
        try await lockApplication(db, key: application)
        let stored = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("events")
            .where("application", .equal, SQLBind(application)).first()?.decode(column: "n", as: Int.self) ?? 0
        let existing = max(hint, stored)
        let now = Clock.nowISO()
        let insert = db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
        let rows = events.enumerated().map { k, e in
            EventRow(application: application, seq: existing + k + 1, type: e.type, atEpoch: e.atEpoch, body: e.body, recordedAt: now, recordedBy: actor)
        }
        for e in rows {
            insert.values(SQLBind(e.application), SQLBind(e.seq), SQLBind(e.type), SQLBind(e.atEpoch), SQLBind(e.body), SQLBind(e.recordedAt),
                          SQLBind(e.recordedBy))
        }
        try await insert.run()
        for e in events where e.type == "submitted" {
            try await db.update("applications").set("submitted_epoch", to: SQLBind(e.atEpoch)).where("id", .equal, SQLBind(application)).run()
        }
        let payload = "[" + events.map(\.body).joined(separator: ",") + "]"
        try await Audit.append(db, actor: actor, action: "events.append", entity: "application:\(application)", payload: payload,
                               effects: [Ledger.events(application, firstSeq: existing + 1, rows)])
    }

    /// Appends one request's events to existing applications through the database's writer, set-wise with the
    /// other requests of its group (see `EventAppend` and `WriteQueue`); returns once they are durable.
    public func appendEvents(_ request: EventAppend) async throws {
        try await database.append(request)
    }

    /// Each application's last event `seq` (0 without events); applications that do not exist are absent.
    /// One statement per 500 applications, each an index lookup (`MAX` over the primary key).
    static func lastSeqs(_ db: any SQLDatabase, applications ids: [String]) async throws -> [(String, Int)] {
        var out: [(String, Int)] = []
        out.reserveCapacity(ids.count)
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let some = Array(ids[chunk..<min(chunk + 500, ids.count)])
            let last = SQLSubquery.select { $0
                .column(SQLFunction("MAX", args: SQLColumn("seq", table: "e")))
                .from("events", as: "e")
                .where(SQLColumn("application", table: "e"), .equal, SQLColumn("id", table: "a"))
            }
            let rows = try await db.select().column(SQLColumn("id", table: "a"), as: "id").column(last, as: "n")
                .from("applications", as: "a").where(SQLColumn("id", table: "a"), .in, SQLBind.group(some)).all()
            for r in rows { out.append((try r.decode(column: "id", as: String.self), try r.decode(column: "n", as: Int?.self) ?? 0)) }
        }
        return out
    }

    /// The events of the given types of the given applications, by application and seq.
    static func loadEvents(_ db: any SQLDatabase, applications ids: [String], types: Set<String>) async throws -> [EventRow] {
        guard !types.isEmpty else { return [] }
        var out: [EventRow] = []
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let some = Array(ids[chunk..<min(chunk + 500, ids.count)])
            out += try await db.select().columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by").from("events")
                .where("application", .in, SQLBind.group(some)).where("type", .in, SQLBind.group(types.sorted()))
                .orderBy("application").orderBy("seq").all().map(Store.eventRow)
        }
        return out
    }

    /// The columns of `events`, in the order the writer binds them.
    static let eventColumns = ["application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by"]

    /// The rows of the given applications (without their events), by key; unknown keys are absent.
    public func applicationRows(keys: [String]) async throws -> [String: ApplicationRow] {
        guard !keys.isEmpty else { return [:] }
        return try await database.read { db in
            var out: [String: ApplicationRow] = [:]
            for chunk in stride(from: 0, to: keys.count, by: 500) {
                let some = Array(keys[chunk..<min(chunk + 500, keys.count)])
                for r in try await db.select().columns(Store.applicationColumns).from("applications").where("id", .in, SQLBind.group(some)).all() {
                    let row = try Store.applicationRow(r)
                    out[row.key] = row
                }
            }
            return out
        }
    }

    /// The applications with external id `id` that the given providers hold (nil: any provider), without events.
    public func findApplications(id: String, providers: [String]?) async throws -> [ApplicationRow] {
        if let providers, providers.isEmpty { return [] }
        return try await database.read { db in try await Store.findApplications(db, id: id, providers: providers) }
    }

    /// Whether some application is keyed by its bare id (created before ids became per-provider).
    public func hasBareApplicationKeys() async throws -> Bool {
        try await database.read { db in
            try await db.select().column("id").from("applications").where("id", .notLike, SQLBind("%|%")).limit(1).first() != nil
        }
    }

    /// An application and its events, by key.
    public func application(key: String) async throws -> (ApplicationRow, [EventRow])? {
        try await database.read { db in
            guard let a = try await Store.loadApplication(db, key: key) else { return nil }
            return (a, try await Store.loadEvents(db, application: key))
        }
    }

    /// Applications (with their events) of the given providers (nil: all), optionally submitted in [from, to].
    public func applications(providers: [String]?, fromEpoch: Int64? = nil, toEpoch: Int64? = nil,
                             service: String? = nil, limit: Int? = nil, offset: Int = 0) async throws -> [(ApplicationRow, [EventRow])] {
        if let providers, providers.isEmpty { return [] }
        return try await database.read { db in
            let q = db.select().columns(Store.applicationColumns).from("applications")
            if let providers { q.where("provider", .in, SQLBind.group(providers)) }
            if let fromEpoch { q.where("submitted_epoch", .greaterThanOrEqual, SQLBind(fromEpoch)) }
            if let toEpoch { q.where("submitted_epoch", .lessThanOrEqual, SQLBind(toEpoch)) }
            if let service { q.where("service", .equal, SQLBind(service)) }
            q.orderBy("id")
            if let limit { q.limit(limit).offset(offset) }
            let apps = try await q.all().map(Store.applicationRow)
            guard !apps.isEmpty else { return [] }
            let byApp = try await Store.events(db, of: apps.map(\.key))
            return apps.map { ($0, byApp[$0.key] ?? []) }
        }
    }

    public func countApplications() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("applications").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    static let applicationColumns = ["id", "service", "provider", "channel", "applicant", "queue_position", "created_at"]

    static func applicationRow(_ r: any SQLRow) throws -> ApplicationRow {
        ApplicationRow(key: try r.decode(column: "id", as: String.self), service: try r.decode(column: "service", as: String.self),
                       provider: try r.decode(column: "provider", as: String.self), channel: try r.decode(column: "channel", as: String.self),
                       applicant: try r.decode(column: "applicant", as: String?.self), queuePosition: try r.decode(column: "queue_position", as: Int?.self),
                       createdAt: try r.decode(column: "created_at", as: String.self))
    }

    static func eventRow(_ r: any SQLRow) throws -> EventRow {
        EventRow(application: try r.decode(column: "application", as: String.self), seq: try r.decode(column: "seq", as: Int.self),
                 type: try r.decode(column: "type", as: String.self), atEpoch: try r.decode(column: "at_epoch", as: Int64.self),
                 body: try r.decode(column: "body", as: String.self), recordedAt: try r.decode(column: "recorded_at", as: String.self),
                 recordedBy: try r.decode(column: "recorded_by", as: String.self))
    }

    // MARK: users, tokens, sessions

    public func addUser(username: String, passwordHash: String, role: String, organizations: [String], official: String?,
                        actor: String) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await database.write { db in
            if try await db.select().column("id").from("users").where("username", .equal, SQLBind(username)).first() != nil {
                throw StorageError.conflict("user \"\(username)\" already exists")
            }
            for o in organizations where try await db.select().column("id").from("organizations").where("id", .equal, SQLBind(o)).first() == nil {
                throw StorageError.notFound("organization \"\(o)\" does not exist")
            }
            try await db.insert(into: "users").columns("id", "username", "password_hash", "role", "official", "language", "created_at")
                .values(SQLBind(id), SQLBind(username), SQLBind(passwordHash), SQLBind(role), SQLBind(official), SQLBind("kk"), SQLBind(Clock.nowISO()))
                .run()
            for o in organizations {
                try await db.insert(into: "user_organizations").columns("user_id", "organization").values(SQLBind(id), SQLBind(o)).run()
            }
            try await Audit.append(db, actor: actor, action: "user.add", entity: "user:\(username)",
                                   payload: JSONText.object([("role", JSONText.string(role)),
                                                             ("organizations", JSONText.array(organizations.map(JSONText.string)))]),
                                   effects: [try await Ledger.readBack(db, Ledger.users, .text(id))]
                                       + (try await organizations.asyncMap { try await Ledger.readBack(db, Ledger.userOrganizations, .text(id), .text($0)) }))
        }
        return id
    }

    public func user(username: String) async throws -> User? {
        try await database.read { db in
            guard let r = try await db.select().columns("id", "username", "password_hash", "role", "official", "language").from("users")
                .where("username", .equal, SQLBind(username)).first() else { return nil }
            return try await Store.userRow(db, r)
        }
    }

    public func user(id: String) async throws -> User? {
        try await database.read { db in
            guard let r = try await db.select().columns("id", "username", "password_hash", "role", "official", "language").from("users")
                .where("id", .equal, SQLBind(id)).first() else { return nil }
            return try await Store.userRow(db, r)
        }
    }

    static func userRow(_ db: any SQLDatabase, _ r: any SQLRow) async throws -> User {
        let id = try r.decode(column: "id", as: String.self)
        let orgs = try await db.select().column("organization").from("user_organizations").where("user_id", .equal, SQLBind(id))
            .orderBy("organization").all().map { try $0.decode(column: "organization", as: String.self) }
        return User(id: id, username: try r.decode(column: "username", as: String.self), passwordHash: try r.decode(column: "password_hash", as: String.self),
                    role: try r.decode(column: "role", as: String.self), official: try r.decode(column: "official", as: String?.self),
                    language: try r.decode(column: "language", as: String.self), organizations: orgs)
    }

    public func setLanguage(userID: String, language: String) async throws {
        try await database.write { db in
            try await db.update("users").set("language", to: SQLBind(language)).where("id", .equal, SQLBind(userID)).run()
            try await Audit.append(db, actor: userID, action: "user.language", entity: "user:\(userID)", payload: JSONText.string(language),
                                   effects: [try await Ledger.readBack(db, Ledger.users, .text(userID))])
        }
    }

    public func addToken(hash: String, userID: String, actor: String) async throws {
        try await database.write { db in
            try await db.insert(into: "api_tokens").columns("token_hash", "user_id", "created_at")
                .values(SQLBind(hash), SQLBind(userID), SQLBind(Clock.nowISO())).run()
            try await Audit.append(db, actor: actor, action: "token.create", entity: "user:\(userID)", payload: "{}",
                                   effects: [try await Ledger.readBack(db, Ledger.apiTokens, .text(hash))])
        }
    }

    public func userID(tokenHash: String) async throws -> String? {
        try await database.read { db in
            try await db.select().column("user_id").from("api_tokens").where("token_hash", .equal, SQLBind(tokenHash)).first()?
                .decode(column: "user_id", as: String.self)
        }
    }

    public func createSession(idHash: String, userID: String, csrf: String, expiresEpoch: Int64, actor: String? = nil) async throws {
        try await database.write { db in
            try await db.insert(into: "sessions").columns("id_hash", "user_id", "csrf", "expires_epoch")
                .values(SQLBind(idHash), SQLBind(userID), SQLBind(csrf), SQLBind(expiresEpoch)).run()
            try await Audit.append(db, actor: actor ?? userID, action: "session.create", entity: "user:\(userID)", payload: "{}",
                                   effects: [try await Ledger.readBack(db, Ledger.sessions, .text(idHash))])
        }
    }

    public func session(idHash: String, nowEpoch: Int64) async throws -> (userID: String, csrf: String)? {
        try await database.read { db in
            guard let r = try await db.select().columns("user_id", "csrf", "expires_epoch").from("sessions")
                .where("id_hash", .equal, SQLBind(idHash)).first() else { return nil }
            guard try r.decode(column: "expires_epoch", as: Int64.self) > nowEpoch else { return nil }
            return (try r.decode(column: "user_id", as: String.self), try r.decode(column: "csrf", as: String.self))
        }
    }

    public func deleteSession(idHash: String, actor: String) async throws {
        try await database.write { db in
            try await db.delete(from: "sessions").where("id_hash", .equal, SQLBind(idHash)).run()
            try await Audit.append(db, actor: actor, action: "session.delete", entity: "user:\(actor)", payload: "{}",
                                   effects: [Ledger.Effect(table: "sessions", key: [.text(idHash)], change: .delete)])
        }
    }

    /// Records a refused attempt (e.g. a signature by an unauthorised official) in the audit log.
    public func recordRefusal(actor: String, action: String, entity: String, reason: String) async throws {
        _ = try await database.write { db in
            try await Audit.append(db, actor: actor, action: "refused." + action, entity: entity, payload: JSONText.string(reason))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
