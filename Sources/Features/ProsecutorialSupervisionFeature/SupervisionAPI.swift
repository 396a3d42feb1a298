import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import ProsecutorialSupervision
import Storage
import WebKit
import WorkCalendar

/// PROSEC-ADM-2015's routes (docs/reference/supervision.md "HTTP", plus the applications and reports an office records)
/// and the use cases behind them (the pages call the same). An office is an organization: a `prosecutor` works the
/// cases routed to its offices, a `supervising_prosecutor` also those of the offices below; inspectors and
/// administrators see every office.
public struct SupervisionAPI: Sendable {
    public static let evaluate = RouteID("POST /api/v1/supervision/evaluate")
    public static let addOffice = RouteID("POST /api/v1/supervision/offices")
    public static let addCase = RouteID("POST /api/v1/supervision/cases")
    public static let addApplication = RouteID("POST /api/v1/supervision/applications")
    public static let addReport = RouteID("POST /api/v1/supervision/reports")
    public static let getCase = RouteID("GET /api/v1/supervision/cases/{id}")
    public static let listFindings = RouteID("GET /api/v1/supervision/findings")
    public static let prosecutor = Role(rawValue: "prosecutor")
    public static let supervisor = Role(rawValue: "supervising_prosecutor")

    static let readers: Set<Role> = [.admin, .inspector, prosecutor, supervisor]
    static let writers: Set<Role> = [.admin, prosecutor, supervisor]
    public static let routes: [RoutePermission] = [
        RoutePermission(evaluate, readers), RoutePermission(addOffice, [.admin]), RoutePermission(addCase, writers),
        RoutePermission(addApplication, writers), RoutePermission(addReport, writers),
        RoutePermission(getCase, readers), RoutePermission(listFindings, readers),
    ]

    let store: Store
    let calendar: KazakhCalendar
    let authorize: Authorize

    public func register(_ api: RouterGroup<AppContext>) {
        api.post("supervision/evaluate") { req, ctx in try await self.evaluate(req, ctx) }
        api.post("supervision/offices") { req, ctx in try await self.add(.office, Self.addOffice, req, ctx) }
        api.post("supervision/cases") { req, ctx in try await self.add(.case, Self.addCase, req, ctx) }
        api.post("supervision/applications") { req, ctx in try await self.add(.application, Self.addApplication, req, ctx) }
        api.post("supervision/reports") { req, ctx in try await self.add(.report, Self.addReport, req, ctx) }
        api.get("supervision/cases/{id}") { req, ctx in try await self.getCase(req, ctx) }
        api.get("supervision/findings") { req, ctx in try await self.findings(req, ctx) }
    }

    // MARK: use cases

    /// The stored records as one input document of the contract, read by the command's own reader (every rule of
    /// "Invalid input" applies), with `extra` records added (a record to be stored, checked with the rest).
    func registry(adding extra: (SupervisionStore.Kind, String)? = nil) async throws -> SupervisionInput {
        var lists: [SupervisionStore.Kind: [String]] = [:]
        for kind in SupervisionStore.Kind.allCases { lists[kind] = try await store.supervisionRecords(kind).map(\.json) }
        if let (kind, json) = extra { lists[kind, default: []].append(json) }
        // Recorded facts are dated on or before the day they were recorded: read as of today (or later), judged as of any day.
        let today = try Today.of(calendar).day
        let text = "{\"asOf\": \(JSONText.string(today.description)), \"offices\": [\((lists[.office] ?? []).joined(separator: ", "))], "
            + "\"cases\": [\((lists[.case] ?? []).joined(separator: ", "))], \"applications\": [\((lists[.application] ?? []).joined(separator: ", "))], "
            + "\"reports\": [\((lists[.report] ?? []).joined(separator: ", "))]}"
        let parsed: Result<SupervisionInput, InputError> = Array(text.utf8).withUnsafeBytes { b in Result { () throws(InputError) in try SupervisionJSON.input(b) } }
        return try Requests.input { () throws(InputError) in
            switch parsed {
            case .success(let input): return input
            case .failure(let error):
                // The record being added is the last of its list: its paths are said from its own root.
                guard let (kind, _) = extra else { throw error }
                let list = kind == .case ? "cases" : kind == .office ? "offices" : kind.rawValue + "s"
                let prefix = "$.\(list)[\((lists[kind] ?? []).count - 1)]"
                var e = error
                if e.path == prefix { e.path = "$" } else if e.path.hasPrefix(prefix + ".") || e.path.hasPrefix(prefix + "[") { e.path = "$" + e.path.dropFirst(prefix.count) }
                throw e
            }
        }
    }

    /// The registry as known on `asOf`, judged.
    func judged(asOf: LocalDate, kpiPeriod: ClosedRange<LocalDate>? = nil) async throws -> (input: SupervisionInput, result: SupervisionResult) {
        var input = try await registry().known(on: asOf)
        input.kpiPeriod = kpiPeriod
        return (input, try Self.evaluated(input, calendar: calendar))
    }

    static func evaluated(_ input: SupervisionInput, calendar: KazakhCalendar) throws -> SupervisionResult {
        let result: Result<SupervisionResult, SupervisionError> = Result { () throws(SupervisionError) in try Supervision.evaluate(input, calendar: calendar) }
        switch result {
        case .success(let r): return r
        case .failure(let e): throw APIError.rule(e.message, path: e.path, code: e.code)
        }
    }

    /// The offices whose cases `identity` sees: nil for all; a supervisor's offices with every office below them.
    static func visibleOffices(_ identity: Identity, offices: [Office]) -> Set<String>? {
        guard let own = identity.visibleOrganizations else { return nil }
        var visible = Set(own)
        guard identity.role == supervisor else { return visible }
        var grew = true
        while grew {
            grew = false
            for o in offices where !visible.contains(o.id) { if let p = o.parent, visible.contains(p) { visible.insert(o.id); grew = true } }
        }
        return visible
    }

    /// The office a case belongs to: its routing (in force), else the territorial office of its court.
    static func office(of row: SupervisionResult.CaseRow, _ c: Case, offices: [Office]) -> String? {
        row.routing?.office ?? offices.first { $0.kind == .territorial && $0.level == .district && $0.locations.contains(c.courtLocation) }?.id
    }

    /// Each subject's office and own date, keyed `kind:id` as findings name them: a case's office is its routing (or
    /// its court's territorial office) and its date its decision; an application takes its case's office and its
    /// receipt; a report its office and its due.
    static func owners(_ input: SupervisionInput, _ result: SupervisionResult) -> [String: (office: String?, day: LocalDate?)] {
        var out: [String: (office: String?, day: LocalDate?)] = [:]
        let cases = Dictionary(input.cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for row in result.cases { if let c = cases[row.id] { out["case:" + row.id] = (office(of: row, c, offices: input.offices), c.decidedOn) } }
        for a in input.applications { out["application:" + a.id] = (out["case:" + a.caseID]?.office ?? nil, a.receivedOn) }
        for r in input.reports { out["report:" + r.id] = (r.office, result.reports.first { $0.id == r.id }?.due) }
        return out
    }

    /// Whether `identity` sees the case `id` of a judged registry (nil: no such case, as of that day).
    static func sees(_ identity: Identity, case id: String, _ input: SupervisionInput, _ result: SupervisionResult) -> Bool {
        guard let row = result.cases.first(where: { $0.id == id }), let c = input.cases.first(where: { $0.id == id }) else { return false }
        guard let visible = visibleOffices(identity, offices: input.offices) else { return true }
        return office(of: row, c, offices: input.offices).map(visible.contains) ?? false
    }

    /// `?asOf=YYYY-MM-DD`, else today in Asia/Almaty.
    func asOf(_ req: Request) throws -> LocalDate { try Requests.date(req, "asOf") ?? Today.of(calendar).day }

    // MARK: routes

    func evaluate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        _ = try authorize(Self.evaluate, ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let input = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try SupervisionJSON.input(b) } }
        return Requests.answer(.ok, SupervisionJSON.output(try Self.evaluated(input, calendar: calendar)))
    }

    /// One office, case, application or report as in the input → 201 `{"id"}`; 409 when its id is stored; 403 for a
    /// case outside the caller's offices.
    func add(_ kind: SupervisionStore.Kind, _ route: RouteID, _ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(route, ctx)
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        let json = String(buffer: buffer)
        guard case .object(let pairs)? = try? JSONParser.document(json), case .string(let id)? = pairs.first(where: { $0.0 == "id" })?.1 else {
            _ = try Array(json.utf8).withUnsafeBytes { b in try Requests.input { () throws(InputError) in try JSONParser.document(b) } }
            throw APIError.invalid("missing required field \"id\"", path: "$.id")
        }
        if let problem = RecordID.problem(id) { throw APIError.invalid("id " + problem, path: "$.id") }
        // Recorded once: a second record of the same id is a conflict, whatever it says.
        if try await store.supervisionRecords(kind).contains(where: { $0.id == id }) {
            throw APIError.conflict("\(kind.rawValue) \"\(id)\" is already stored", path: "$.id")
        }
        let input = try await registry(adding: (kind, json))
        // Who may record it: an office, an administrator; a case, application or report, one who works its office.
        let visible = Self.visibleOffices(identity, offices: input.offices)
        if let visible {
            let office: String?
            switch kind {
            case .office: office = nil
            case .case, .application:
                let caseID = kind == .case ? id : input.applications.last { $0.id == id }?.caseID
                let owner = Self.owners(input, try Self.evaluated(input, calendar: calendar))
                office = caseID.flatMap { owner["case:" + $0]?.office ?? nil }
            case .report: office = input.reports.last { $0.id == id }?.office
            }
            if let office, !visible.contains(office) { throw APIError.forbidden("the \(kind.rawValue) belongs to office \"\(office)\", not yours") }
        }
        guard try await store.addSupervisionRecord(kind, id: id, json: json, actor: identity.user.username) else {
            throw APIError.conflict("\(kind.rawValue) \"\(id)\" is already stored", path: "$.id")
        }
        if kind == .office, try await !store.organizations().contains(where: { $0.id == id }) {
            let name = input.offices.last { $0.id == id }.map { _ in pairs.first { $0.0 == "name" }?.1 }.flatMap { v -> String? in
                if case .string(let s)? = v, NameRule.problem(s) == nil { return s } else { return nil }
            } ?? id
            try await store.putOrganization(.init(id: id, name: name, bin: nil, kind: "prosecutor_office"), actor: identity.user.username)
        }
        return Requests.answer(.created, JSONText.object([("id", JSONText.string(id))]))
    }

    func getCase(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.getCase, ctx)
        let id = try Requests.pathID(ctx)
        let asOf = try asOf(req)
        let (input, result) = try await judged(asOf: asOf)
        let stored = try await store.supervisionRecords(.case).first { $0.id == id }
        // A case the caller does not see, or not yet decided on asOf, is to them one that does not exist.
        guard let stored, Self.sees(identity, case: id, input, result), let row = result.cases.first(where: { $0.id == id }) else {
            throw APIError.notFound("no case \"\(id)\" as of \(asOf)", path: "id")
        }
        let findings = result.findings.filter { $0.subjectKind == .case && $0.subject == id }
        return Requests.answer(.ok, "{\"asOf\": \(JSONText.string(asOf.description)),\n \"case\": \(stored.json),\n \"result\": \(SupervisionJSON.caseRow(row)),\n"
            + " \"findings\": \(SupervisionJSON.array(findings.map(SupervisionJSON.finding)))}")
    }

    func findings(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let identity = try authorize(Self.listFindings, ctx)
        let q = req.uri.queryParameters
        func text(_ k: String) -> String? { q[Substring(k)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        let code = text("code")
        if let code, SupervisionCode(rawValue: code) == nil { throw APIError.invalid("unknown finding code \"\(code)\"", path: "code") }
        let office = text("office")
        if let office, let problem = RecordID.problem(office) { throw APIError.invalid("office " + problem, path: "office") }
        let from = try Requests.date(req, "from"), to = try Requests.date(req, "to")
        let (input, result) = try await judged(asOf: try asOf(req))
        let visible = Self.visibleOffices(identity, offices: input.offices)
        if let office, let visible, !visible.contains(office) { throw APIError.forbidden("office \"\(office)\" is not yours") }
        let owner = Self.owners(input, result)
        let kept = result.findings.filter { f in
            let o = owner[f.subjectKind.rawValue + ":" + f.subject]
            if let code, f.code.rawValue != code { return false }
            if let visible, !(o?.office.map(visible.contains) ?? false) { return false }
            if let office, o?.office != office { return false }
            if let from, !(o?.day.map { $0 >= from } ?? false) { return false }
            if let to, !(o?.day.map { $0 <= to } ?? false) { return false }
            return true
        }
        return Requests.answer(.ok, "{\"findings\": \(SupervisionJSON.array(kept.map(SupervisionJSON.finding)))}")
    }
}
