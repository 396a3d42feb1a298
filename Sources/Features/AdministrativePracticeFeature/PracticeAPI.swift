import AdministrativePractice
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// ADM-PRACTICE-2025's routes (docs/reference/practice.md "HTTP") and the use cases behind them (pages call the same).
/// A body is an organization: the legal service keeps its own organizations' registries; internal control and
/// inspectors read (each sees the organizations it sees everywhere else).
public struct PracticeAPI: Sendable {
    public static let evaluate = RouteID("POST /api/v1/practice/evaluate")
    public static let putBody = RouteID("PUT /api/v1/practice/bodies/{id}")
    public static let getBody = RouteID("GET /api/v1/practice/bodies/{id}")
    public static let listFindings = RouteID("GET /api/v1/practice/findings")
    /// A body's legal service (§10: the unit that keeps the registry and its instructions).
    public static let legalService = Role(rawValue: "legal_service")

    static let readers: Set<Role> = [.admin, .inspector, .internalControl, legalService]
    public static let routes: [RoutePermission] = [
        RoutePermission(evaluate, readers),
        RoutePermission(putBody, [.admin, legalService]),
        RoutePermission(getBody, readers),
        RoutePermission(listFindings, readers),
    ]

    let store: Store
    let calendar: KazakhCalendar
    let authorize: Authorize

    public func register(_ api: RouterGroup<AppContext>) {
        api.post("practice/evaluate") { req, ctx in try await self.evaluate(req, ctx) }
        api.put("practice/bodies/{id}") { req, ctx in try await self.put(req, ctx) }
        api.get("practice/bodies/{id}") { req, ctx in try await self.get(req, ctx) }
        api.get("practice/findings") { req, ctx in try await self.findings(req, ctx) }
    }

    // MARK: use cases

    /// The stored bodies the caller sees (all when `visible` is nil), as stored.
    public func stored(visible: [String]?) async throws -> [Body] { try await Self.stored(store, visible: visible) }

    static func stored(_ store: Store, visible: [String]?) async throws -> [Body] {
        try await store.practiceBodies(ids: visible).map { try PracticeJSON.bodyDocument($0.json) }
    }

    /// The stored bodies the caller sees (all when `visible` is nil), judged as of `asOf`.
    public func judged(visible: [String]?, asOf: LocalDate) async throws -> PracticeResult {
        try await Self.judged(store, calendar: calendar, bodies: try await stored(visible: visible), asOf: asOf)
    }

    /// Stored bodies judged as of `asOf`, with the day each of their dated facts was entered (`RecordedFact`).
    static func judged(_ store: Store, calendar: KazakhCalendar, bodies: [Body], asOf: LocalDate) async throws -> PracticeResult {
        let recorded = try await store.practiceRecorded(ids: bodies.map(\.id)).mapValues { facts in
            Dictionary(facts.compactMap { k, v in RecordedFact(k).flatMap { f in LocalDate(v).map { (f, $0) } } }, uniquingKeysWith: { a, _ in a })
        }
        return try evaluated(asOf: asOf, bodies: bodies, calendar: calendar, recorded: recorded)
    }

    static func evaluated(asOf: LocalDate, bodies: [Body], calendar: KazakhCalendar, recorded: [String: [RecordedFact: LocalDate]] = [:]) throws -> PracticeResult {
        let result: Result<PracticeResult, PracticeError> = Result { () throws(PracticeError) in
            try Practice.evaluate(asOf: asOf, bodies: bodies, calendar: calendar, recorded: recorded)
        }
        switch result {
        case .success(let r): return r
        // asOf before the decree, a day outside the calendar: well-formed, but the act cannot answer (422).
        case .failure(let e): throw APIError.rule(e.message, path: e.path, code: e.code)
        }
    }

    /// Stores `body` as organization `id`'s registry, refusing a rewrite of its history (409). Whether it was new.
    public func store(_ body: Body, json: String, id: String, identity: Identity) async throws -> Bool {
        guard body.id == id else { throw APIError.rule("the body's id \"\(body.id)\" is not the path's \"\(id)\"", path: "$.id") }
        guard identity.canSee(provider: id) else { throw APIError.forbidden("you do not belong to organization \"\(id)\"") }
        guard try await store.organizations().contains(where: { $0.id == id }) else { throw APIError.notFound("unknown organization \"\(id)\"", path: "id") }
        let today = try Today.of(calendar).day
        return try await store.putPracticeBody(id: id, json: json, actor: identity.user.username, recordedOn: today.description) { stored in
            let old = stored.flatMap { try? PracticeJSON.bodyDocument($0) }
            if let old, let rewrite = body.rewrite(of: old) { throw APIError.conflict(rewrite + " (history is appended, never rewritten)", path: "$") }
            // The facts this state adds to a stored one are entered today (RecordedFact); a first state is the body's
            // records as it had them, taken as they stand (the audit log keeps the day they were imported).
            return old.map { body.newFacts(since: $0).map(\.description) } ?? []
        }
    }

    /// `?asOf=YYYY-MM-DD`, else today in the capital.
    func asOf(_ req: Request) throws -> LocalDate { try Requests.date(req, "asOf") ?? Today.of(calendar).day }

    // MARK: routes

    func evaluate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        _ = try authorize(Self.evaluate, ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let input = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try PracticeJSON.input(b) } }
        return Requests.answer(.ok, PracticeJSON.output(try Self.evaluated(asOf: input.asOf, bodies: input.bodies, calendar: calendar)))
    }

    func put(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.putBody, ctx)
        let id = try Requests.pathID(ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let body = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try PracticeJSON.bodyDocument(b) } }
        _ = try await store(body, json: String(buffer: buffer), id: id, identity: identity)
        return Requests.answer(.ok, JSONText.object([("id", JSONText.string(id))]))
    }

    func get(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.getBody, ctx)
        let id = try Requests.pathID(ctx)
        let asOf = try asOf(req)
        // A body the caller does not see is, to them, one that does not exist.
        guard identity.canSee(provider: id), try await !store.practiceBodies(ids: [id]).isEmpty else {
            throw APIError.notFound("no registry is stored for \"\(id)\"", path: "id")
        }
        let r = try await judged(visible: [id], asOf: asOf)
        let covered = r.bodies.first?.covered ?? false
        return Requests.answer(.ok, "{\"asOf\": \(JSONText.string(asOf.description)), \"id\": \(JSONText.string(id)), \"covered\": \(covered),\n"
            + " \"reports\": \(PracticeJSON.array(r.reports.map(PracticeJSON.report))),\n"
            + " \"indicator\": \(PracticeJSON.array(r.indicator.map(PracticeJSON.indicatorRow))),\n"
            + " \"findings\": \(PracticeJSON.array(r.findings.map(PracticeJSON.finding)))}")
    }

    func findings(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.listFindings, ctx)
        let q = req.uri.queryParameters
        let asOf = try asOf(req)
        let code = q["code"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let code, PracticeCode(rawValue: code) == nil { throw APIError.invalid("unknown finding code \"\(code)\"", path: "code") }
        var visible = identity.visibleOrganizations
        if let body = q["body"].map(String.init), !body.isEmpty {
            if let problem = RecordID.problem(body) { throw APIError.invalid("body " + problem, path: "body") }
            guard identity.canSee(provider: body) else { throw APIError.forbidden("you do not belong to organization \"\(body)\"") }
            visible = [body]
        }
        let r = try await judged(visible: visible, asOf: asOf)
        let selected = r.findings.filter { f in code.map { $0 == f.code.rawValue } ?? true }
        return Requests.answer(.ok, "{\"findings\": \(PracticeJSON.array(selected.map(PracticeJSON.finding)))}")
    }
}
