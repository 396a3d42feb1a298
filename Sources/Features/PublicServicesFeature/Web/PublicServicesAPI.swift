import WebKit
import Foundation
import Identifiers
import Hummingbird
import HTTPTypes
import JSONKit
import LegalCore
import NIOCore
import PublicServices
import Storage
import WorkCalendar

/// PS-VIOLATIONS-2025's JSON routes under /api/v1 (docs/reference/http.md) and the use cases the pages call too.
public struct API: Sendable {
    public let store: Store
    public let catalog: Catalog
    public let calendar: KazakhCalendar
    let permissions: Permissions
    let applicationRows = ApplicationRows()
    let decodedEvents = DecodedEvents()
    /// One refresh of the kept judgements at a time in this process; a reader joins one that covers its writes.
    var refreshing: RefreshGate { RefreshGate.of(store.database) }
    /// The calendar as a judgement's basis names it (`KazakhCalendar.fingerprint`).
    let calendarFingerprint: String

    public init(store: Store, catalog: Catalog, calendar: KazakhCalendar, permissions: Permissions) {
        self.store = store; self.catalog = catalog; self.calendar = calendar; self.permissions = permissions
        calendarFingerprint = calendar.fingerprint
    }

    public func register(_ api: RouterGroup<AppContext>) {
        api.get("services") { _, ctx in try await self.services(ctx) }
        api.post("applications") { req, ctx in try await self.createApplication(req, ctx) }
        api.post("applications/{id}/events") { req, ctx in try await self.appendEvents(req, ctx) }
        api.post("applications/{id}/assignee") { req, ctx in try await self.assignEndpoint(req, ctx) }
        api.post("events") { req, ctx in try await self.bulkEvents(req, ctx) }
        api.get("applications/{id}") { req, ctx in try await self.getApplication(req, ctx) }
        api.get("findings") { req, ctx in try await self.findings(req, ctx) }
    }

    // MARK: helpers

    /// The optional `?provider=` of a route that names an application by id.
    public static func providerParameter(_ req: Request) throws -> String? {
        guard let p = req.uri.queryParameters["provider"].map(String.init), !p.isEmpty else { return nil }
        if let problem = RecordID.problem(p) { throw APIError.invalid("provider " + problem, path: "provider") }
        return p
    }

    // MARK: services

    func services(_ ctx: AppContext) async throws -> Response {
        _ = try permissions.require(.listServices, ctx)
        let rows = try await catalog.servicesJSON()
        return Requests.answer(.ok, "{\"services\": [" + rows.map(\.1).joined(separator: ",\n") + "]}")
    }

    // MARK: applications and events

    /// `POST /api/v1/applications`: the JSON read into a `NewApplication`, then the use case.
    func createApplication(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.createApplication, ctx)
        let v = try await Requests.json(req, ctx)
        let f = try Requests.input { () throws(InputError) in try Fields(v, path: "$") }
        let service = try Requests.input { () throws(InputError) in try f.identifier("service") }
        let channel = try Requests.input { () throws(InputError) in try f.oneOf("channel", Channel.self) }
        let applicant = try Requests.input { () throws(InputError) in try f.optionalName("applicant") }
        let queuePosition = try Requests.input { () throws(InputError) in try f.optionalInt("queuePosition", min: 1, max: Fields.maxExact) }
        let appID = try Requests.input { () throws(InputError) in try f.optionalIdentifier("id") }
        // The service and the provider are checked before the events are read, as they always were: a body with
        // an unknown service is a 422 at $.service whatever its events hold.
        guard try await catalog.services()[service] != nil else {
            throw APIError.rule("unknown service \"\(service)\"", path: "$.service", code: "unknown_reference")
        }
        let provider = try await self.provider(try Requests.input { () throws(InputError) in try f.optionalIdentifier("provider") }, identity: id)
        let items = try Requests.input { () throws(InputError) in try f.array("events") }
        let events = try await decode(items.enumerated().map { ($0.element, "$.events[\($0.offset)]") })
        let row = try await create(NewApplication(id: appID, service: service, channel: channel, applicant: applicant, queuePosition: queuePosition,
                                                  provider: provider, events: events), identity: id)
        return Requests.answer(.created, JSONText.object([("id", JSONText.string(row.id)), ("provider", JSONText.string(row.provider))]))
    }

    /// An application to create, whether the API's JSON, a page's form or a command gives it.
    public struct NewApplication: Sendable {
        public var id: String?
        public var service: String
        public var channel: PublicServices.Channel
        public var applicant: String?
        public var queuePosition: Int?
        /// nil: the caller's organization, when it has exactly one.
        public var provider: String?
        public var events: [EventInput]
        public init(id: String?, service: String, channel: PublicServices.Channel, applicant: String?, queuePosition: Int?, provider: String?,
                    events: [EventInput]) {
            self.id = id; self.service = service; self.channel = channel; self.applicant = applicant; self.queuePosition = queuePosition
            self.provider = provider; self.events = events
        }
    }

    /// An event to record, with the body stored for it: the API's JSON normalised (kept as written), or a
    /// form's value encoded (`PublicServicesJSON.encode`). `path` names it in errors.
    public struct EventInput: Sendable {
        public var event: Event
        public var body: JSONValue
        public var path: String

        /// A form's event, stored with its instants at the provider's offset.
        public static func typed(_ event: Event, zone: ZoneTable.Resolved, path: String = "$") -> EventInput {
            EventInput(event: event, body: PublicServicesJSON.encode(event, offsetSeconds: zone.offset(event.at.secondsSinceEpoch)), path: path)
        }
    }

    /// The organization that provides a new application: the one named (which the caller must see and which
    /// must exist), else the caller's only one.
    func provider(_ given: String?, identity id: Identity) async throws -> String {
        if let p = given {
            guard id.canSee(provider: p) else { throw APIError.forbidden("you do not belong to organization \"\(p)\"") }
            guard try await store.organizations().contains(where: { $0.id == p }) else {
                throw APIError.rule("unknown organization \"\(p)\"", path: "$.provider", code: "unknown_reference")
            }
            return p
        }
        guard id.user.organizations.count == 1 else {
            // Well-formed, but the caller belongs to several organizations (or none): say which one provides it.
            throw APIError.rule("missing field \"provider\": the caller does not belong to exactly one organization, so name the one that provides the service", path: "$.provider", code: "invalid_input")
        }
        return id.user.organizations[0]
    }

    /// Creates an application with its first events, all or nothing (the use case behind the route and the page).
    public func create(_ a: NewApplication, identity id: Identity) async throws -> Store.ApplicationRow {
        let services = try await catalog.services()
        guard let passport = services[a.service] else { throw APIError.rule("unknown service \"\(a.service)\"", path: "$.service", code: "unknown_reference") }
        let provider = try await self.provider(a.provider, identity: id)
        let row = Store.ApplicationRow(id: a.id ?? "A-" + UUID().uuidString.prefix(8).lowercased(), service: a.service, provider: provider,
                                       channel: a.channel.rawValue, applicant: a.applicant, queuePosition: a.queuePosition, createdAt: Clock.nowISO())
        let officials = try await catalog.officials()
        let organizations = try await catalog.officialOrganizations()
        let prepared = try await recordingRefusals(id, entity: "application:\(row.key)") {
            try prepare(a.events, passport: passport, officials: officials, organizations: organizations, provider: provider, identity: id)
        }
        do {
            try await store.database.write { db in
                try await Store.insertApplication(db, row, actor: id.user.username)
                try EventRules.check(existing: [], new: prepared.map(\.event), paths: prepared.map(\.path))
                try await Store.insertEvents(db, application: row.key, after: 0, prepared.map(\.stored), actor: id.user.username)
            }
        } catch let e as StorageError {
            if case .conflict(let m) = e { throw APIError.conflict(m, path: "$.id") }
            throw e
        }
        return row
    }

    func appendEvents(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.appendEvents, ctx)
        let row = try await located(req, ctx, identity: id)
        let v = try await Requests.json(req, ctx)
        let items: [(JSONValue, String)]
        if case .array(let list) = v { items = list.enumerated().map { ($0.element, "$[\($0.offset)]") } } else { items = [(v, "$")] }
        let n = try await append([(row, try await decode(items))], identity: id)
        return Requests.answer(.created, "{\"accepted\": \(n)}")
    }

    func bulkEvents(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.bulkEvents, ctx)
        let v = try await Requests.json(req, ctx)
        let f = try Requests.input { () throws(InputError) in try Fields(v, path: "$") }
        let items = try Requests.input { () throws(InputError) in try f.array("events") }
        struct Wanted: Hashable { var id: String; var provider: String? }
        var groups: [(Wanted, path: String, [(JSONValue, String)])] = []
        var index: [Wanted: Int] = [:]
        for (i, item) in items.enumerated() {
            let path = "$.events[\(i)]"
            let e = try Requests.input { () throws(InputError) in try Fields(item, path: path) }
            let app = Wanted(id: try Requests.input { () throws(InputError) in try e.identifier("application") },
                             provider: try Requests.input { () throws(InputError) in try e.optionalIdentifier("provider") })
            let ev = try Requests.input { () throws(InputError) in try e.required("event") }
            if let k = index[app] { groups[k].2.append((ev, path + ".event")) } else { index[app] = groups.count; groups.append((app, path, [(ev, path + ".event")])) }
        }
        // One group per application, however it was named (with or without its provider): the order rules
        // must see all of an application's new events together (two "registered" must not pass as two groups).
        var resolved: [(Store.ApplicationRow, [EventInput])] = []
        var byKey: [String: Int] = [:]
        for (g, located) in zip(groups, try await locate(groups.map { ($0.0.id, $0.0.provider) }, identity: id)) {
            switch located {
            case .found(let row):
                let events = try await decode(g.2)
                if let k = byKey[row.key] { resolved[k].1 += events } else { byKey[row.key] = resolved.count; resolved.append((row, events)) }
            case .missing: throw APIError.rule("unknown application \"\(g.0.id)\"", path: g.path + ".application", code: "unknown_reference")
            case .several(let providers):
                throw APIError(.conflict, "ambiguous_application", "application \"\(g.0.id)\" exists in several organizations you see (" +
                               providers.joined(separator: ", ") + "): name one with \"provider\"", path: g.path + ".provider")
            }
        }
        let n = try await append(resolved, identity: id)
        return Requests.answer(.created, "{\"accepted\": \(n)}")
    }

    /// Validates and appends events to existing applications, all in one transaction (all or nothing).
    ///
    /// Everything that needs no stored events is done here, in the request's own task: the applications'
    /// rows (visibility, service), decoding, dates, signing rights. The order rules need the stored timeline;
    /// they go to the writer as the request's `check`, run just before its events are appended (set-wise with
    /// the other requests of its group; see `Storage.WriteQueue`). A failing check refuses this request alone.
    public func append(_ groups: [(Store.ApplicationRow, [EventInput])], identity id: Identity) async throws -> Int {
        let services = try await catalog.services()
        let officials = try await catalog.officials()
        let organizations = try await catalog.officialOrganizations()
        var plans: [(row: Store.ApplicationRow, passport: ServicePassport, prepared: [Prepared])] = []
        for (row, items) in groups {
            guard let passport = services[row.service] else { throw APIError.rule("the application's service \"\(row.service)\" is unknown", path: "$") }
            let prepared = try await recordingRefusals(id, entity: "application:\(row.key)") {
                try prepare(items, passport: passport, officials: officials, organizations: organizations, provider: row.provider, identity: id)
            }
            plans.append((row, passport, prepared))
        }
        let count = plans.reduce(0) { $0 + $1.prepared.count }
        let finalPlans = plans, decoded = decodedEvents
        let request = EventAppend(
            parts: plans.map { EventAppend.Part(application: $0.row.key, events: $0.prepared.map(\.stored)) },
            // A correction names any recorded event by its number: the check then needs the whole timeline.
            actor: id.user.username,
            contextTypes: plans.contains { $0.prepared.contains { $0.event.kind == .correction } } ? Set(Event.Kind.allCases.map(\.rawValue)) : EventRules.contextTypes,
            check: { stored in
                for plan in finalPlans {
                    let existing = try (stored[plan.row.key] ?? []).map { try decoded.event($0, officials: officials) }
                    try EventRules.check(existing: existing, new: plan.prepared.map(\.event), paths: plan.prepared.map(\.path))
                }
            })
        try await store.appendEvents(request)
        return count
    }

    struct Prepared: Sendable { var event: Event; var stored: Store.NewEvent; var path: String }

    /// What an application id names for a caller: ids are unique per provider, so one id may name
    /// applications of several organizations the caller sees (an inspector's, a user's of two bodies).
    public enum Located { case found(Store.ApplicationRow), missing, several(providers: [String]) }

    /// Finds each `(id, provider?)` among the applications the caller may see; `provider` narrows to one
    /// organization (one the caller does not see finds nothing, as an unknown id does: ids are not disclosed).
    public func locate(_ wanted: [(id: String, provider: String?)], identity: Identity) async throws -> [Located] {
        let visible = identity.visibleOrganizations
        let bare = try await applicationRows.hasBareKeys(store: store)
        var among: [[String]?] = []
        var keys: [String] = []
        for (id, p) in wanted {
            let orgs: [String]? = p.map { visible == nil || visible!.contains($0) ? [$0] : [] } ?? visible
            among.append(orgs)
            if let orgs { keys += orgs.map { Store.applicationKey(provider: $0, id: id) } + (bare ? [id] : []) }
        }
        let rows = try await applicationRows.rows(keys, store: store)
        var out: [Located] = []
        for ((id, _), orgs) in zip(wanted, among) {
            let found: [Store.ApplicationRow]
            if let orgs {
                found = (orgs.compactMap { rows[Store.applicationKey(provider: $0, id: id)] } + [rows[id]].compactMap { $0 }.filter { orgs.contains($0.provider) })
            } else {
                found = try await store.findApplications(id: id, providers: nil)  // sees every organization: ask the database
            }
            switch found.count {
            case 0: out.append(.missing)
            case 1: out.append(.found(found[0]))
            default: out.append(.several(providers: found.map(\.provider).sorted()))
            }
        }
        return out
    }

    /// The application a route names (`{id}` and `?provider=`), or the route's 404/409.
    public func located(_ req: Request, _ ctx: AppContext, identity: Identity) async throws -> Store.ApplicationRow {
        let appID = try Requests.pathID(ctx)
        switch try await locate([(appID, try API.providerParameter(req))], identity: identity)[0] {
        case .found(let row): return row
        case .missing: throw APIError.notFound("unknown application \"\(appID)\"", path: "id")
        case .several(let providers):
            throw APIError(.conflict, "ambiguous_application", "application \"\(appID)\" exists in several organizations you see (" +
                           providers.joined(separator: ", ") + "): name one with ?provider=", path: "provider")
        }
    }

    /// A refused signature is itself recorded (audit log), then the request fails.
    func recordingRefusals<T>(_ id: Identity, entity: String, _ body: () throws -> T) async throws -> T {
        do { return try body() } catch let e as APIError where e.code == "signature_refused" {
            try await store.recordRefusal(actor: id.user.username, action: "sign", entity: entity, reason: e.message)
            throw e
        }
    }

    /// The API's events: each normalised (duplicate keys and foreign fields refused) and decoded.
    func decode(_ items: [(JSONValue, String)]) async throws -> [EventInput] {
        let officials = try await catalog.officials()
        return try items.enumerated().map { k, item in
            let (value, path) = item
            let v = try Requests.input { () throws(InputError) in try PublicServicesJSON.normalizedEvent(value, path) }
            do { return EventInput(event: try PublicServicesJSON.event(v, path, index: k, officials: officials), body: v, path: path) } catch let error as InputError {
                if error.message.hasPrefix("unknown official") { throw APIError.rule(error.message, path: error.path, code: "unknown_reference") }
                throw APIError.invalid(error.message, path: error.path)
            }
        }
    }

    /// Checks events' dates against the calendar and the signing rule, and sets who signed. A refused
    /// signature is recorded in the audit log before the request fails (`recordingRefusals`).
    func prepare(_ inputs: [EventInput], passport: ServicePassport, officials: [String: Official], organizations: [String: String],
                 provider: String, identity id: Identity) throws -> [Prepared] {
        var out: [Prepared] = []
        let zone: ZoneTable.Resolved
        do { zone = try calendar.zones.resolve(passport.schedule.timeZone) } catch { throw APIError.rule(error.description, path: "$") }
        for input in inputs {
            var (event, body, path) = (input.event, input.body, input.path)
            do { _ = try calendar.isWorkingDay(calendar.localDay(seconds: event.at.secondsSinceEpoch, zone: zone)) } catch {
                throw APIError.rule(error.description, path: path + ".at", code: error.code)
            }
            if event.kind.isDecision {
                try SigningCheck.check(event: &event, identity: id, passport: passport, officials: officials, organizations: organizations,
                                       provider: provider, zone: zone, calendar: calendar, path: path)
                if let who = event.signedBy { body = body.setting("signedBy", .string(who)) }
            }
            out.append(Prepared(event: event, stored: Store.NewEvent(type: event.kind.rawValue, atEpoch: event.at.secondsSinceEpoch, body: body.text), path: path))
        }
        return out
    }

    func getApplication(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.getApplication, ctx)
        let located = try await located(req, ctx, identity: id)
        guard let (row, events) = try await store.application(key: located.key) else {
            throw APIError.notFound("unknown application \"\(located.id)\"", path: "id")
        }
        let judged = try await judge([(row, events)], asOf: Instant(secondsSinceEpoch: Clock.nowEpoch()))[0]
        let app = JSONText.object([
            ("id", JSONText.string(row.id)), ("service", JSONText.string(row.service)), ("provider", JSONText.string(row.provider)),
            ("channel", JSONText.string(row.channel)), ("applicant", row.applicant.map(JSONText.string) ?? "null"),
            ("queuePosition", row.queuePosition.map(String.init) ?? "null"), ("createdAt", JSONText.string(row.createdAt)),
        ])
        let evs = events.map(\.body)
        return Requests.answer(.ok, "{\"application\": \(app),\n \"events\": [\(evs.joined(separator: ",\n  "))],\n \"findings\": [" +
                        judged.findings.map { FindingJSON.finding($0, trace: false) }.joined(separator: ",\n  ") + "],\n \"beyondCalendar\": " +
                        API.beyondCalendarJSON(judged.beyondCalendar.map { (application: $0.application, provider: nil, waiting: Listed.Waiting($0)) }) + "}")
    }

    /// Terms that wait for next year's calendar: `[{"application", "provider"?, "term", "date", "coversUpTo"}]`.
    static func beyondCalendarJSON(_ list: [(application: String, provider: String?, waiting: Listed.Waiting)]) -> String {
        "[" + list.map { application, provider, w in
            var pairs = [("application", JSONText.string(application))]
            if let provider { pairs.append(("provider", JSONText.string(provider))) }
            pairs += [("term", JSONText.string(w.term.rawValue)), ("date", JSONText.string(w.date)),
                      ("coversUpTo", JSONText.string(w.coversUpTo.description))]
            return JSONText.object(pairs)
        }.joined(separator: ", ") + "]"
    }

    /// Judges stored applications with the PublicServices engine, `asOf` being the server's clock: each
    /// application's judgement, in the order given. A term that runs past the calendar's last covered day is
    /// listed in `beyondCalendar` for its application alone. (An application whose service left the catalog
    /// cannot be judged — the engine requires its passport — and is judged to nothing.)
    public func judge(_ apps: [(Store.ApplicationRow, [Store.EventRow])], asOf: Instant, trace: Bool = false) async throws -> [Judgement] {
        try await judgeTimelines(apps, asOf: asOf, trace: trace).items.map(\.judgement)
    }

    /// `judge`, with the context it judged in and each application's timeline, for a caller that goes on to
    /// count running terms from the same timelines.
    func judgeTimelines(_ apps: [(Store.ApplicationRow, [Store.EventRow])], asOf: Instant, trace: Bool = false) async throws
        -> (ctx: CheckContext, items: [(timeline: PublicServices.Application, judgement: Judgement)]) {
        let services = try await catalog.services()
        let officials = try await catalog.officials()
        // A queue is an organization's, for one service (`QueueIndex`): only the queues of these applications are read.
        var queue = QueueIndex()
        let queues = Set(apps.filter { services[$0.0.service]?.queue == true }.map { [$0.0.provider, $0.0.service] })
        for q in queues {
            for (r, e) in try await store.applications(providers: [q[0]], service: q[1]) {
                queue.add(try Stored.timeline(r, e, officials: officials), asOf: asOf)
            }
        }
        let ctx = CheckContext(asOf: asOf, calendar: calendar, services: services, officials: officials, queue: queue, detailedTraces: trace)
        let items = try apps.map { (r, e) -> (timeline: PublicServices.Application, judgement: Judgement) in
            let timeline = try Stored.timeline(r, e, officials: officials)
            guard services[r.service] != nil else { return (timeline, Judgement()) }
            do {
                var j = try Checks.judgeEach(timeline, in: ctx)
                j.findings.sort { $0.code < $1.code }
                return (timeline, j)
            } catch let error as CheckError {
                throw Self.failure(error)
            }
        }
        return (ctx, items)
    }

    /// A stored timeline the engine cannot judge, as the API's error at the event's path.
    static func failure(_ error: CheckError) -> APIError {
        APIError.rule(error.error.description, path: "$.events[\(error.eventIndex ?? 0)].\(error.field)", code: error.error.code)
    }

    /// The terms running on a judged timeline (`judgeTimelines`' context): none when its service left the catalog.
    func runningTerms(_ app: PublicServices.Application, in ctx: CheckContext) throws -> (terms: [RunningTerm], beyond: [BeyondCalendar]) {
        guard ctx.services[app.service] != nil else { return ([], []) }
        do { return try Checks.runningTermsEach(app, in: ctx) } catch { throw Self.failure(error) }
    }

    func findings(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.listFindings, ctx)
        let q = req.uri.queryParameters
        // docs/reference/http.md writes the route `?code=&provider=&from=&to=`: an empty parameter is no filter.
        let code = q["code"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let code, FindingCode(rawValue: code) == nil { throw APIError.invalid("unknown finding code \"\(code)\"", path: "code") }
        var providers = id.visibleOrganizations
        if let p = q["provider"].map(String.init), !p.isEmpty {
            if let problem = RecordID.problem(p) { throw APIError.invalid("provider " + problem, path: "provider") }
            guard id.canSee(provider: p) else { throw APIError.forbidden("you do not belong to organization \"\(p)\"") }
            providers = [p]
        }
        // Dates are local (Asia/Almaty, whose offset changed on 1 March 2024): from its midnight to the end of `to`.
        let zone = try calendar.zones.resolve("Asia/Almaty")
        func midnight(_ key: String) throws -> Int64? {
            guard let s = q[Substring(key)].map(String.init), !s.isEmpty else { return nil }
            guard let d = LocalDate(s) else { throw APIError.invalid("\"\(s)\" is not a date YYYY-MM-DD", path: key) }
            let utcMidnight = Int64(d.dayNumber) * 86_400
            return utcMidnight - Int64(zone.offset(utcMidnight))
        }
        let from = try midnight("from"), to = try midnight("to").map { $0 + 86_400 - 1 }
        // Kept judgements (Judgements.swift), brought up to date first; then read as queries, the findings streamed
        // a page at a time (the answer's size does not grow the server's memory), in the order of their
        // application's key (organization, then number) and their order in its judgement.
        let asOf = Instant(secondsSinceEpoch: Clock.nowEpoch())
        try await refresh(asOf: asOf)
        var filter = KeptFilter(providers: providers)
        filter.submittedFrom = from; filter.submittedTo = to
        let applications = try await store.keptCount(module: API.judgementModule, filter)
        var waitingFilter = filter
        waitingFilter.detailContains = Listed.Waiting.nonEmpty("unjudged")
        let waiting = try await resolve(try await store.keptPage(module: API.judgementModule, waitingFilter, order: .receivedLatest, offset: 0, limit: Int.max / 2),
                                        asOf: asOf).listed.sorted { ($0.row.id, $0.row.provider) < ($1.row.id, $1.row.provider) }
        let beyond = waiting.flatMap { l in l.unjudged.map { (application: l.row.id, provider: Optional(l.row.provider), waiting: $0) } }
        let store = self.store, kept = filter
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "{\"findings\": ["))
            var count = 0
            var byCode: [String: Int] = [:]
            try await store.streamKeptFindings(module: API.judgementModule, kept, code: code) { page in
                var chunk = ByteBuffer()
                chunk.reserveCapacity(page.reduce(0) { $0 + $1.body.utf8.count + 4 })
                for f in page {
                    chunk.writeString(count == 0 ? "" : ",\n  ")
                    chunk.writeString(f.body)
                    count += 1
                    byCode[f.code, default: 0] += 1
                }
                try await writer.write(chunk)
            }
            try await writer.write(ByteBuffer(string: "],\n \"summary\": " +
                JSONText.object([("applications", String(applications)), ("findings", String(count)),
                                 ("byCode", JSONText.object(byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }))]) +
                ",\n \"beyondCalendar\": " + API.beyondCalendarJSON(beyond) + "}"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
    }
}

/// The server's side of `TimelineRules`: the stored kinds the writer reads back for it, and its refusals as
/// API errors at the event's path (a second event that happens once is 409).
enum EventRules {
    static let contextTypes = Set(TimelineRules.contextKinds.map(\.rawValue))

    /// The refusal for pages: its translation key (`timeline_…`) and values.
    static func refusal(_ p: TimelineProblem) -> Refusal {
        var values: [String: Refusal.Value] = ["kind": .word("event_" + p.event.rawValue), "at": .instant(p.at)]
        let key: String
        switch p.reason {
        case .happensOnce(let k, let t): key = "timeline_happens_once"; values["other_kind"] = .word("event_" + k.rawValue); values["other_at"] = .instant(t)
        case .beforeSubmission(let t): key = "timeline_before_submission"; values["other_at"] = .instant(t)
        case .beforeRegistration: key = "timeline_before_registration"
        case .answerBeforeComplaint(let c): key = "timeline_answer_before_complaint"; values["ref"] = .text(c)
        case .complaintTwice(let c): key = "timeline_complaint_twice"; values["ref"] = .text(c)
        case .unknownComplaint(let c): key = "timeline_unknown_complaint"; values["ref"] = .text(c)
        case .unknownCorrectionTarget(let n): key = "timeline_unknown_correction"; values["ref"] = .text(String(n))
        }
        return Refusal(key: key, values: values, field: p.field)
    }

    static func check(existing: [Event], new: [Event], paths: [String]) throws {
        do { try TimelineRules.recording(existing: existing, new: new) } catch {
            let path = paths[error.index] + "." + error.field
            var e = error.kind == .eventExists ? APIError(.conflict, error.kind.rawValue, error.message, path: path)
                                               : APIError.rule(error.message, path: path, code: error.kind.rawValue)
            e.refusal = refusal(error)
            e.eventIndex = error.index
            throw e
        }
    }
}

/// The server's side of `SigningRule`: the acting user must be a signer linked to an official, and sign as
/// that official; the rule itself (signing rights, absences, organization) is the act's. A refusal carries
/// its reason (`APIError.refusal`, keys `signing_…`) for pages to word.
enum SigningCheck {
    static func check(event: inout Event, identity id: Identity, passport: ServicePassport, officials: [String: Official],
                      organizations: [String: String], provider: String, zone: ZoneTable.Resolved, calendar: KazakhCalendar, path: String) throws {
        func refuse(_ reason: String, _ key: String, _ values: [String: Refusal.Value] = [:]) -> APIError {
            var e = APIError(.forbidden, "signature_refused", reason + " (" + SigningRule.citations.map(\.description).joined(separator: "; ") + ")", path: path)
            e.refusal = Refusal(key: key, values: values, field: "type")
            return e
        }
        guard id.role == .signer, let officialID = id.user.official, let official = officials[officialID] else {
            throw refuse("only a signer linked to an official may record a result or refusal; \(id.user.username) is \(id.role.rawValue)", "signing_not_a_signer")
        }
        if let given = event.signedBy, given != officialID {
            throw refuse("\(id.user.username) may sign only as \(officialID), not as \(given)", "signing_as_another", ["own": .text(officialID), "given": .text(given)])
        }
        let day = try calendar.localDay(seconds: event.at.secondsSinceEpoch, zone: zone)
        // An official of no organization serves none: "" is never the provider.
        switch SigningRule.problem(official, service: passport.id, day: day, organization: organizations[officialID] ?? "", provider: provider) {
        case nil: event.signedBy = officialID
        case .notAllowed(let o, let s)?:
            throw refuse("\(o) is not allowed to sign \(s)", "signing_not_allowed", ["official": .text(o)])
        case .absent(let o, let a)?:
            throw refuse("\(o) is absent from \(a.from) to \(a.to); the act is dated \(day)", "signing_absent",
                         ["official": .text(o), "from": .date(a.from), "to": .date(a.to)])
        case .otherOrganization(let o, let org, let p)?:
            throw refuse("\(o) is an official of \(org.isEmpty ? "no organization" : org), not of \(p), which provides this application",
                         "signing_other_organization", ["official": .text(o)])
        }
    }
}

/// Applications' rows as last read, by id, for appends: ingest looks up every application it appends to, and
/// an application's row never changes after it is created (no route edits or deletes one; only
/// `submitted_epoch`, which is not read from here, is set later). Only rows read from committed data are
/// kept; an id not found is asked again next time.
final class ApplicationRows: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [String: Store.ApplicationRow] = [:]
    private var bareKeys: Bool?
    private let limit = 100_000

    /// By key; unknown keys are absent.
    func rows(_ keys: [String], store: Store) async throws -> [String: Store.ApplicationRow] {
        var found: [String: Store.ApplicationRow] = [:]
        var missing: [String] = []
        lock.withLock {
            for k in keys { if let r = rows[k] { found[k] = r } else { missing.append(k) } }
        }
        guard !missing.isEmpty else { return found }
        let read = try await store.applicationRows(keys: missing)
        lock.withLock {
            if rows.count + read.count > limit { rows.removeAll() }
            rows.merge(read) { _, new in new }
        }
        return found.merging(read) { _, new in new }
    }

    /// Whether the database holds applications keyed by their bare id (created before ids were per-provider).
    /// No write creates one any more, so the answer, once read, stays true.
    func hasBareKeys(store: Store) async throws -> Bool {
        if let known = lock.withLock({ bareKeys }) { return known }
        let answer = try await store.hasBareApplicationKeys()
        lock.withLock { bareKeys = answer }
        return answer
    }
}

/// Stored events as the engine's values, decoded once: the writer shows every append the same few stored
/// events of its applications (their submission, registration, complaints) again and again. Keyed by
/// application and seq, and used only while the stored body is the same text.
final class DecodedEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String: (body: String, event: Event)] = [:]
    private let limit = 200_000

    func event(_ r: Store.EventRow, officials: [String: Official]) throws -> Event {
        let key = r.application + "\u{1F}" + String(r.seq)
        if let hit = lock.withLock({ events[key] }), hit.body == r.body { return hit.event }
        let e = try PublicServicesJSON.event(try Stored.parse(r.body), "$", index: r.seq - 1, officials: officials)
        lock.withLock {
            if events.count >= limit { events.removeAll() }
            events[key] = (r.body, e)
        }
        return e
    }
}
