import DocumentControl
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// MODEL-REG-2008's routes (docs/reference/documents.md "HTTP", plus the facts, meetings, summaries, lists and settings a
/// documentation service records) and the use cases behind them (the pages call the same). A body is an organization;
/// a unit of it is an organization too. A `documentation_service` registers and controls its bodies' documents; a
/// `unit_head` reads the items of its units; inspectors and administrators read every body.
public struct DocumentsAPI: Sendable {
    public static let evaluate = RouteID("POST /api/v1/documents/evaluate")
    /// `POST /api/v1/documents/{section}`: a route per section, each documented with its own schema.
    public static func addItem(_ kind: DocumentsStore.Kind) -> RouteID { RouteID("POST /api/v1/documents/" + kind.rawValue) }
    public static let addFact = RouteID("POST /api/v1/documents/items/{id}/facts")
    public static let getItem = RouteID("GET /api/v1/documents/items/{id}")
    public static let listFindings = RouteID("GET /api/v1/documents/findings")
    public static let service = Role(rawValue: "documentation_service")
    public static let unitHead = Role(rawValue: "unit_head")

    static let readers: Set<Role> = [.admin, .inspector, service, unitHead]
    static let writers: Set<Role> = [.admin, service]
    public static let routes: [RoutePermission] = [
        RoutePermission(evaluate, readers), RoutePermission(addFact, writers),
        RoutePermission(getItem, readers), RoutePermission(listFindings, readers),
    ] + DocumentsStore.Kind.allCases.map { RoutePermission(addItem($0), writers) }

    /// The decree's last moment in force (repealed on 14 Mar 2019): the pages' default once it is past.
    public static let lastInForce = Instant(iso: "2019-03-13T23:59:59+06:00")!

    let store: Store
    let calendar: KazakhCalendar
    let authorize: Authorize
    /// Each body's register as last read, kept while its stamp holds (a register is read on every request).
    let cache = RegisterCache()

    public func register(_ api: RouterGroup<AppContext>) {
        api.post("documents/evaluate") { req, ctx in try await self.evaluate(req, ctx) }
        api.post("documents/items/{id}/facts") { req, ctx in try await self.addFact(req, ctx) }
        api.get("documents/items/{id}") { req, ctx in try await self.getItem(req, ctx) }
        api.get("documents/findings") { req, ctx in try await self.findings(req, ctx) }
        // One route per section (`POST /api/v1/documents/{section}`), each documented with its own schema: a constant
        // path, as the platform's 405 routes for the documented paths are.
        for kind in DocumentsStore.Kind.allCases { api.post(RouterPath("documents/" + kind.rawValue)) { req, ctx in try await self.addItem(req, ctx, kind) } }
    }

    // MARK: use cases

    /// One body's register read as the contract's input, as of now (every stored fact is dated on or before the day
    /// it was recorded).
    func registry(_ body: String) async throws -> (input: DocumentsInput, items: [DocumentsStore.Item]) {
        let stamp = try await store.documentsStamp(body: body)
        if let hit = await cache.get(body, stamp: stamp) { return hit }
        let items = try await store.documentsItems(body: body)
        let input = try read(items).input
        await cache.put(body, stamp: stamp, (input, items))
        return (input, items)
    }

    /// Items as the contract's input, and where each item sits in it (for the paths of a refusal).
    func read(_ items: [DocumentsStore.Item]) throws -> (input: DocumentsInput, positions: [String: String]) {
        let now = try Today.of(calendar).asOf
        let (text, positions) = DocumentsRegister.document(items, asOf: now.iso(offsetSeconds: 5 * 3600))
        var input = try Array(text.utf8).withUnsafeBytes { b in try Requests.input { () throws(InputError) in try DocumentsJSON.input(b, calendar: calendar) } }
        let zone = try calendar.zones.resolve(input.schedule.timeZone)
        input.recorded = DocumentsRegister.recorded(items) { i in i.localDate(offsetSeconds: zone.offset(i.secondsSinceEpoch)) }
        return (input, positions)
    }

    /// A body's register as it stood at `instant`, judged.
    func judged(_ body: String, at instant: Instant) async throws -> (input: DocumentsInput, result: DocumentsResult, items: [DocumentsStore.Item]) {
        let (all, items) = try await registry(body)
        let zone = try calendar.zones.resolve(all.schedule.timeZone)
        let day = (try? calendar.localDay(seconds: instant.secondsSinceEpoch, zone: zone)) ?? instant.localDate(offsetSeconds: zone.offset(instant.secondsSinceEpoch))
        let input = all.known(at: instant, day: day)
        return (input, try Self.evaluated(input, calendar: calendar), items)
    }

    static func evaluated(_ input: DocumentsInput, calendar: KazakhCalendar) throws -> DocumentsResult {
        let result: Result<DocumentsResult, DocumentsError> = Result { () throws(DocumentsError) in try Documents.evaluate(input, calendar: calendar) }
        switch result {
        case .success(let r): return r
        case .failure(let e): throw APIError.rule(e.message, path: e.path, code: e.code)
        }
    }

    /// The bodies whose register `identity` reads whole (nil: every body), and the units whose items it reads.
    static func scope(_ identity: Identity) -> Set<String>? { identity.visibleOrganizations.map(Set.init) }

    static func sees(_ identity: Identity, body: String, unit: String?) -> Bool {
        guard let scope = scope(identity) else { return true }
        return scope.contains(body) || (unit.map(scope.contains) ?? false)
    }

    /// The bodies with a register, among those `identity` reads something of.
    func bodies(_ identity: Identity) async throws -> [String] {
        try await store.documentsBodies().filter { b in b.units.contains { Self.sees(identity, body: b.body, unit: $0) } }.map(\.body)
    }

    /// The body a request names (`?body=`), else the caller's one organization that has a register (or is one).
    func body(_ req: Request, _ identity: Identity, writing: Bool) async throws -> String {
        if let text = req.uri.queryParameters["body"].map(String.init), !text.isEmpty {
            if let problem = RecordID.problem(text) { throw APIError.invalid("body " + problem, path: "body") }
            guard !writing || Self.scope(identity).map({ $0.contains(text) }) ?? true else { throw APIError.forbidden("body \"\(text)\" is not yours") }
            return text
        }
        // A head of a unit reads the body its unit belongs to.
        if !writing, case let found = try await bodies(identity), found.count == 1 { return found[0] }
        if let own = identity.visibleOrganizations, own.count == 1 { return own[0] }
        throw APIError.rule("name the body: ?body=<organization id>", path: "body", code: "invalid_input")
    }

    /// `?asOf=` (an instant or a date: its end), else now.
    static func asOf(_ req: Request, default fallback: Instant) throws -> Instant {
        guard let text = req.uri.queryParameters["asOf"].map(String.init), !text.isEmpty else { return fallback }
        if let i = Instant(iso: text) { return i }
        if let d = LocalDate(text) {
            // A well-formed date outside the years a register can hold: a rule, not malformed input.
            guard d.year >= 2000, d.year <= 9998, let i = Instant(iso: "\(d)T23:59:59+06:00") else {
                throw APIError.rule("\"\(text)\" is outside the years 2000–9998", path: "asOf", code: "invalid_input")
            }
            return i
        }
        throw APIError.invalid("\"\(text)\" is not a date YYYY-MM-DD or an instant with an offset", path: "asOf")
    }

    // MARK: routes

    func evaluate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        _ = try authorize(Self.evaluate, ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let input = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try DocumentsJSON.input(b, calendar: calendar) } }
        return Requests.answer(.ok, DocumentsJSON.output(try Self.evaluated(input, calendar: calendar)))
    }

    /// One item of a section (as in the input; a meeting, a monitoring summary `{"id", "month", "on"}`, a weekly list
    /// `{"id", "on"}`, or the body's settings `{"schedule", "collegiumSince", "monitoringSince", "controlServiceSince"}`)
    /// → 201 `{"id"}`; 409 when the body has that id.
    func addItem(_ req: Request, _ ctx: AppContext, _ kind: DocumentsStore.Kind) async throws -> Response {
        let identity = try authorize(Self.addItem(kind), ctx)
        let body = try await body(req, identity, writing: true)
        let id = try await add(kind, try await Requests.json(req, ctx), body: body, identity: identity)
        return Requests.answer(.created, JSONText.object([("id", JSONText.string(id))]))
    }

    /// The use case of `POST /api/v1/documents/{section}` and of the desk's forms: one item written once, checked as the
    /// contract's input, audited; its id.
    func add(_ kind: DocumentsStore.Kind, _ value: JSONValue, body: String, identity: Identity) async throws -> String {
        guard case .object = value else { throw APIError.invalid("expected an object", path: "$") }
        let id: String
        if kind == .settings { id = "settings" } else {
            guard case .string(let text)? = value["id"] else { throw APIError.invalid("missing required field \"id\"", path: "$.id") }
            if let problem = RecordID.problem(text) { throw APIError.invalid("id " + problem, path: "$.id") }
            id = text
        }
        var unit: String?
        if case .string(let u)? = value["unit"] {
            guard try await store.organizations().contains(where: { $0.id == u }) else { throw APIError.rule("unknown unit \"\(u)\"", path: "$.unit", code: "invalid_input") }
            unit = u
        }
        let json = value.text
        let existing = try await store.documentsItems(body: body)
        // The id is free, also among the collegium's decisions.
        let decisionIDs = existing.filter { $0.kind == .meetings }.flatMap { DocumentsRegister.merged($0)?["decisions"]?.items ?? [] }.compactMap { d -> String? in
            if case .string(let s)? = d["id"] { return s } else { return nil }
        }
        if existing.contains(where: { $0.id == id }) || decisionIDs.contains(id) { throw APIError.conflict("\"\(id)\" is already recorded for \(body)", path: "$.id") }
        try check(existing, adding: DocumentsStore.Item(body: body, id: id, kind: kind, unit: unit, json: json))
        guard try await store.addDocumentsItem(body: body, id: id, kind: kind, unit: unit, json: json, actor: identity.user.username) else {
            throw APIError.conflict("\"\(id)\" is already recorded for \(body)", path: "$.id")
        }
        return id
    }

    /// The register with `item` (or an item's new fact) is still a valid input, and the decree applies to it: else the
    /// refusal, its path said from the item's own root. Only what the new entry can clash with is read again — the
    /// settings, the meetings (their decisions' ids share the input's id space), the item's own section where the
    /// contract checks a section as a whole (a month's summary, a week's list) — so a write costs the same in a
    /// register of ten items or ten thousand.
    func check(_ all: [DocumentsStore.Item], adding item: DocumentsStore.Item? = nil, fact: (id: String, json: String)? = nil) throws {
        let id = item?.id ?? fact?.id ?? ""
        guard let target = item ?? all.first(where: { $0.id == id }) else { return }
        var items = all.filter { i in
            i.id == id || i.kind == .settings || i.kind == .meetings || (i.kind == target.kind && [.summaries, .lists].contains(i.kind))
        }
        if let item { items.append(item) }
        if let fact, let i = items.firstIndex(where: { $0.id == fact.id }) { items[i].facts.append(fact.json) }
        // A meeting's decisions may not take another item's id (the input's ids are one space).
        if target.kind == .meetings, let merged = item.flatMap(DocumentsRegister.merged), let decisions = merged["decisions"]?.items {
            let taken = Set(all.map(\.id))
            for (i, d) in decisions.enumerated() {
                if case .string(let did)? = d["id"], taken.contains(did) {
                    throw APIError.conflict("\"\(did)\" is already an item's id", path: "$.decisions[\(i)].id")
                }
            }
        }
        let prefix = DocumentsRegister.document(items, asOf: "").positions[id]
        do {
            _ = try Self.evaluated(try read(items).input, calendar: calendar)
        } catch var e as APIError {
            if let prefix {
                if e.path == prefix { e.path = "$" } else if e.path.hasPrefix(prefix + ".") || e.path.hasPrefix(prefix + "[") { e.path = "$" + e.path.dropFirst(prefix.count) }
            }
            throw e
        }
    }

    /// A new fact of a stored item — `{"deliveredAt": "…"}`, `{"extensions": [{"to", "grantedOn"}]}`, `{"conclusion": {…}}` —
    /// → 201 `{"id", "fact"}`; 409 when a field it sets is already recorded (a fact never changes another).
    func addFact(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.addFact, ctx)
        let id = try Requests.pathID(ctx)
        let body = try await body(req, identity, writing: true)
        let seq = try await record(try await Requests.json(req, ctx), of: id, body: body, identity: identity)
        return Requests.answer(.created, JSONText.object([("id", JSONText.string(id)), ("fact", String(seq))]))
    }

    /// The use case of `POST /api/v1/documents/items/{id}/facts` and of the item page's form: a new dated fact that
    /// adds fields and never changes one (409), checked as the contract's input, audited; its sequence number.
    func record(_ value: JSONValue, of id: String, body: String, identity: Identity) async throws -> Int {
        guard case .object(let pairs) = value else { throw APIError.invalid("expected an object with the fields to record", path: "$") }
        guard !pairs.isEmpty else { throw APIError.rule("a fact records at least one field", path: "$", code: "invalid_input") }
        if value["id"] != nil { throw APIError.rule("an item's id is never changed", path: "$.id", code: "invalid_input") }
        let items = try await store.documentsItems(body: body)
        guard let item = items.first(where: { $0.id == id }) else { throw APIError.notFound("no item \"\(id)\" in \(body)", path: "id") }
        if let merged = DocumentsRegister.merged(item) {
            do { _ = try DocumentsRegister.merge(merged, value) } catch { throw APIError.conflict("already recorded: a fact never changes another", path: error.path) }
        }
        let json = value.text
        try check(items, fact: (id, json))
        return try await store.addDocumentsFact(body: body, item: id, json: json, actor: identity.user.username) { recorded in
            // Two writers at once: the second sees the first's fact here, in the write transaction.
            var current = item
            current.facts = recorded
            if let merged = DocumentsRegister.merged(current) { _ = try DocumentsRegister.merge(merged, value) }
        }
    }

    func getItem(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.getItem, ctx)
        let id = try Requests.pathID(ctx)
        let body = try await body(req, identity, writing: false)
        let at = try Self.asOf(req, default: try Today.of(calendar).asOf)
        let (_, result, items) = try await judged(body, at: at)
        guard let item = items.first(where: { $0.id == id }), item.kind != .settings, Self.sees(identity, body: body, unit: item.unit),
              let merged = DocumentsRegister.merged(item) else {
            throw APIError.notFound("no item \"\(id)\" in \(body)", path: "id")
        }
        let findings = result.findings.filter { $0.subject == id }
        let notJudged = result.notJudged.filter { $0.subject == id }
        return Requests.answer(.ok, "{\"item\": \(merged.text),\n \"findings\": \(DocumentsJSON.array(findings.map { DocumentsJSON.finding($0) })),\n"
            + " \"notJudged\": \(DocumentsJSON.array(notJudged.map(DocumentsJSON.notJudged)))}")
    }

    func findings(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.listFindings, ctx)
        let q = req.uri.queryParameters
        func text(_ k: String) -> String? { q[Substring(k)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        let code = text("code"), section = text("section")
        if let code, DocumentCode(rawValue: code) == nil { throw APIError.invalid("unknown finding code \"\(code)\"", path: "code") }
        if let section, Section(rawValue: section) == nil { throw APIError.invalid("unknown section \"\(section)\"", path: "section") }
        let from = try Requests.date(req, "from"), to = try Requests.date(req, "to")
        let at = try Self.asOf(req, default: try Today.of(calendar).asOf)
        var bodies = try await bodies(identity)
        if let one = text("body") {
            guard bodies.contains(one) else { throw APIError.forbidden("body \"\(one)\" is not yours") }
            bodies = [one]
        }
        var out: [String] = []
        for body in bodies {
            let (_, result, items) = try await judged(body, at: at)
            let units = Dictionary(items.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
            for f in result.findings {
                if let code, f.code.rawValue != code { continue }
                if let section, f.section.rawValue != section { continue }
                if let from, f.relevantDate < from { continue }
                if let to, f.relevantDate > to { continue }
                guard Self.sees(identity, body: body, unit: units[f.subject] ?? nil) else { continue }
                out.append(DocumentsJSON.finding(f, body: body))
            }
        }
        return Requests.answer(.ok, "{\"findings\": \(DocumentsJSON.array(out))}")
    }
}

/// The parsed registers of the bodies read lately, each with the stamp it was read at (`Store.documentsStamp`): a
/// write — here or by another process — changes the stamp, and the register is read again.
actor RegisterCache {
    private var entries: [String: (stamp: String, value: (input: DocumentsInput, items: [DocumentsStore.Item]))] = [:]

    func get(_ body: String, stamp: String) -> (input: DocumentsInput, items: [DocumentsStore.Item])? {
        entries[body].flatMap { $0.stamp == stamp ? $0.value : nil }
    }

    func put(_ body: String, stamp: String, _ value: (input: DocumentsInput, items: [DocumentsStore.Item])) {
        if entries.count >= 64, entries[body] == nil { entries.removeAll() }
        entries[body] = (stamp, value)
    }
}
