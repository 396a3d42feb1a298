import WebKit
import Foundation
import Identifiers
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import NIOCore
import PublicServices
import Storage
import WorkCalendar

/// The pages people work in: the dashboard, the register, an application with its terms and findings, and
/// the forms that register applications and record events.
extension PublicServicesPages {
    typealias Status = ApplicationStatus

    /// An application judged as of now, with the day-by-day traces: its findings, its terms, its status (the
    /// application page; the lists read kept judgements, `Listed`).
    struct Judged: Sendable {
        var row: Store.ApplicationRow
        var events: [Store.EventRow]
        var findings: [Finding]
        var terms: [RunningTerm]
        /// Terms that run past the calendar's last covered day (shown as such; the rest computes as usual).
        var beyond: [BeyondCalendar]
        var status: Status
        var serviceTerm: RunningTerm? { terms.first { $0.kind == .service } }
        /// As a row of a list shows it.
        var listed: Listed {
            Listed(row: row, status: status, receiptDay: serviceTerm?.deadline.start, due: serviceTerm?.deadline.due, codes: findings.map(\.code),
                   unjudged: [], waiting: beyond.map(Listed.Waiting.init))
        }
    }

    /// Judges applications with the engine (the API's `judge`, so pages and API agree) and computes their
    /// running terms with the same context.
    func judge(_ apps: [(Store.ApplicationRow, [Store.EventRow])], trace: Bool = false) async throws -> (today: LocalDate, items: [Judged]) {
        let (asOf, today) = try today()
        let (ctx, judged) = try await api.judgeTimelines(apps, asOf: asOf, trace: trace)
        var out: [Judged] = []
        out.reserveCapacity(apps.count)
        for ((row, events), (app, judgement)) in zip(apps, judged) {
            let (terms, beyond) = try api.runningTerms(app, in: ctx)
            out.append(Judged(row: row, events: events, findings: judgement.findings, terms: terms, beyond: beyond,
                              status: Status.of(app, terms: terms, beyond: beyond, asOf: asOf)))
        }
        return (today, out)
    }

    /// The applications this viewer may see (all organizations for inspectors and administrators), as the
    /// lists show them: kept judgements, those that no longer hold judged again (`API.listed`).
    func visibleApplications(_ v: Viewer, provider: String? = nil, service: String? = nil) async throws -> (today: LocalDate, items: [Listed]) {
        var providers = v.id.visibleOrganizations
        if let provider {
            guard v.id.canSee(provider: provider) else { throw APIError.forbidden(i18n.t("error_not_your_organization", v.lang)) }
            providers = [provider]
        }
        let (asOf, today) = try today()
        return (today, try await api.listed(providers: providers, service: service, asOf: asOf))
    }

    /// One row of an application table.
    func rowView(_ j: Listed, _ services: [String: ServicePassport], _ orgs: [String: String], _ lang: Language) -> [String: Any] {
        var r: [String: Any] = [
            "id": j.row.id, "href": PublicServicesPages.applicationHref(id: j.row.id, provider: j.row.provider),
            "service": serviceName(j.row.service, services, lang), "provider": orgs[j.row.provider] ?? j.row.provider,
            "channel": i18n.t("channel_\(j.row.channel)", lang), "status": i18n.t("status_\(j.status.rawValue)", lang),
            "status_class": j.status.rawValue, "received": kit.date(j.receiptDay, lang),
            "due": j.status == .beyondCalendar ? i18n.t("beyond_calendar", lang) : kit.date(j.due, lang),
            "findings": j.findingCount,
        ]
        r.put("highlight", [.overdue, .dueToday, .dueNext].contains(j.status) ? j.status.rawValue : nil)
        return r
    }

    /// Findings counted by code, most frequent first, as rows linking to the register filtered by code.
    func codeCounts(_ counts: [String: Int], _ lang: Language) -> [(code: String, label: String, count: Int)] {
        counts.map { (code: $0.key, label: i18n.t("code_\($0.key)", lang), count: $0.value) }
            .sorted { ($1.count, $0.code) < ($0.count, $1.code) }
    }

    /// The paragraphs a finding code rests on, as the act cites them (the code itself is for machines).
    func basis(_ code: String, _ lang: Language) -> String {
        FindingCode(rawValue: code)?.citations.map { kit.citation($0, lang) }.joined(separator: "; ") ?? ""
    }

    /// Kept citations ("ACT place; ACT place") in the reader's words.
    func citations(_ text: String, _ lang: Language) -> String {
        text.components(separatedBy: "; ").map { t in (try? Citation(parsing: t)).map { kit.citation($0, lang) } ?? t }.joined(separator: "; ")
    }

    /// Findings per month of receipt, over the months the applications span (at most the last 24), from findings
    /// counted by receipt day.
    func findingsPerMonth(_ byDay: [Int32: Int], span: (first: Int32, last: Int32)?, _ lang: Language) -> [Charts.Bar] {
        var counts: [Int: Int] = [:]
        for day in [span?.first, span?.last].compactMap({ $0 }) {
            let d = LocalDate(dayNumber: day)
            counts[d.year * 12 + d.month - 1, default: 0] += 0
        }
        for (day, n) in byDay {
            let d = LocalDate(dayNumber: day)
            counts[d.year * 12 + d.month - 1, default: 0] += n
        }
        guard let lo = counts.keys.min(), let hi = counts.keys.max() else { return [] }
        return (max(lo, hi - 23)...hi).map { k in Charts.Bar(label: i18n.shortMonth(year: k / 12, month: k % 12 + 1, lang), value: counts[k] ?? 0) }
    }

    // MARK: dashboard

    /// The day's work: the viewer's queue (`WorkQueue.of` their role) ordered by what expires first, its counts as
    /// links to the register showing them; a head's executors and their load; an inspector's organizations by
    /// risk; every act's dated duties; the findings by code and month.
    func dashboard(_ v: Viewer) async throws -> Response {
        let (asOf, today) = try today()
        let services = try await catalog.services()
        let orgs = try await organizationNames(v.lang)
        let q = WorkQueue.of(v.id.role)
        // Everything but a per-person queue is a query over the kept judgements: what it shows costs the same at a
        // hundred applications and at a million.
        try await api.refresh(asOf: asOf)
        let visible = KeptFilter(providers: v.id.visibleOrganizations)
        let module = API.judgementModule
        var c = kit.base(v, title: i18n.t("dashboard_title", v.lang))
        c["today"] = kit.date(today, v.lang)
        c["duty_sections"] = await kit.dashboardDuties(v, today: today, store: store, calendar: calendar)
        c["queue_title"] = i18n.t("queue_\(q.rawValue)", v.lang)
        c["queue_hint"] = i18n.t("queue_\(q.rawValue)_hint", v.lang)
        let base = "/applications?queue=" + q.rawValue
        let counts: [Status: Int], first: [Listed], total: Int
        if q == .open {
            let open = Status.allCases.filter(\.isOpen).sorted { WorkQueue.rank($0) < WorkQueue.rank($1) }
            var f = visible
            f.states = open.map(\.rawValue)
            counts = Dictionary(uniqueKeysWithValues: try await store.keptStates(module: module, f).compactMap { k, n in Status(rawValue: k).map { ($0, n) } })
            total = counts.values.reduce(0, +)
            first = try await api.resolve(try await store.keptPage(module: module, f, order: .expiring(states: open.map(\.rawValue)), offset: 0, limit: 100),
                                          asOf: asOf).listed
        } else {
            let (_, items) = try await visibleApplications(v)
            let queue = try await self.queue(q, v, items: items, today: today)
            counts = Dictionary(grouping: queue, by: \.status).mapValues(\.count)
            total = queue.count
            first = Array(queue.prefix(100))
        }
        c["tiles"] = [(nil, "queue_total"), (Status.dueToday, "status_due_today"), (.dueNext, "status_due_next"), (.overdue, "status_overdue")]
            .map { status, label -> [String: Any] in
                ["n": status.map { counts[$0] ?? 0 } ?? total, "label": i18n.t(label, v.lang),
                 "class": status?.rawValue ?? "total", "href": base + (status.map { "&status=" + $0.rawValue } ?? "")]
            }
        c["open"] = first.map { rowView($0, services, orgs, v.lang) }
        c.put("open_more", total > 100 ? base : nil)
        if v.may(.assignApplication) {
            let (load, unassigned) = try await executorLoad(v)
            c["show_load"] = true
            c["load"] = load
            c["unassigned"] = unassigned
        }
        if v.id.role == .inspector || v.id.role == .admin {
            c["show_bodies"] = true
            c["bodies"] = try await bodiesByRisk(visible, orgs)
        }
        var waitingFilter = visible
        waitingFilter.detailContains = Listed.Waiting.nonEmpty("waiting")
        let waitingCount = try await store.keptCount(module: module, waitingFilter)
        let waiting = try await api.resolve(try await store.keptPage(module: module, waitingFilter, order: .receivedLatest, offset: 0, limit: 100),
                                            asOf: asOf).listed.filter { !$0.waiting.isEmpty }
        c.put("waiting_count", waitingCount == 0 ? nil : waitingCount)
        c["waiting"] = waiting.map { j -> [String: Any] in
            var r = rowView(j, services, orgs, v.lang)
            r["what"] = j.waiting.map { I18n.pick($0.term.label, v.lang) }.joined(separator: ", ")
            r["covers_up_to"] = kit.date(j.waiting.first?.coversUpTo, v.lang)
            return r
        }
        let codes = codeCounts(try await store.keptFindingCodes(module: module, visible), v.lang)
        c["codes"] = codes.map { ["code": $0.code, "label": $0.label, "count": $0.count, "basis": basis($0.code, v.lang)] }
        let byDay = try await store.keptFindingsByMonth(module: module, visible, except: FindingCode.deadlineApproaching.rawValue)
        c["chart_month"] = Charts.columns(findingsPerMonth(byDay, span: try await store.keptReceiptSpan(module: module, visible), v.lang), title: i18n.t("chart_findings_per_month", v.lang),
                                          description: i18n.t("chart_findings_per_month_desc", v.lang))
        c["chart_code"] = Charts.rows(codes.map { Charts.Bar(label: $0.label, value: $0.count, highlight: $0.code == FindingCode.termBreach.rawValue) },
                                      title: i18n.t("chart_findings_per_code", v.lang), description: i18n.t("chart_findings_per_code_desc", v.lang))
        return kit.render("dashboard", c)
    }

    // MARK: register

    /// The register's filters as the query gives them. A value that cannot be used is not an error page: it is kept
    /// out of the filter and named beside its field, in the reader's language (`problems`).
    struct RegisterFilter: Sendable {
        var service: String?, provider: String?, channel: String?, status: String?, finding: String?
        var from: LocalDate?, to: LocalDate?
        var queue: WorkQueue?, assignee: String?
        /// A search: an application's number, an applicant's IIN/BIN or a part of either.
        var search: String?
        var page: Int
        /// Field → what is wrong with it, in the reader's language.
        var problems: [(field: String, message: String)] = []

        init(_ req: Request, _ t: (String) -> String, lang: Language) {
            let q = req.uri.queryParameters
            func s(_ k: String) -> String? {
                q[Substring(k)].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            service = s("service"); provider = s("provider"); channel = s("channel"); status = s("status"); finding = s("finding")
            assignee = s("assignee")
            page = max(1, s("page").flatMap(Int.init) ?? 1)
            var problems: [(String, String)] = []
            func d(_ k: String) -> LocalDate? {
                guard let text = s(k) else { return nil }
                guard let day = LocalDate(text) else { problems.append((k, t("filter_error_date"))); return nil }
                return day
            }
            from = d("from"); to = d("to")
            if let f = from, let u = to, f > u { problems.append(("to", t("filter_error_range"))); to = nil }
            if let status, Status(rawValue: status) == nil { problems.append(("status", t("filter_error_unknown"))); self.status = nil }
            if let finding, FindingCode(rawValue: finding) == nil { problems.append(("finding", t("filter_error_unknown"))); self.finding = nil }
            if let channel, Channel(rawValue: channel) == nil { problems.append(("channel", t("filter_error_unknown"))); self.channel = nil }
            if let name = s("queue") {
                queue = WorkQueue(rawValue: name)
                if queue == nil { problems.append(("queue", t("filter_error_unknown"))) }
            }
            if let text = s("q") {
                if let problem = PublicServicesPages.identifierProblem(text, lang) {
                    problems.append(("q", t("search_error_identifier") + ": " + problem))
                } else if TextRule.problem(text) != nil || text.count > 200 {
                    problems.append(("q", t("filter_error_unknown")))
                } else {
                    search = text
                }
            }
            self.problems = problems
        }

        func keeps(_ j: Listed) -> Bool {
            if let channel, j.row.channel != channel { return false }
            if let status, j.status.rawValue != status { return false }
            if let finding, !j.codes.contains(finding) { return false }
            if let from { guard let d = j.receiptDay, d >= from else { return false } }
            if let to { guard let d = j.receiptDay, d <= to else { return false } }
            if let search {
                let needle = search.lowercased()
                guard j.row.id.lowercased().contains(needle) || (j.row.applicant?.lowercased().contains(needle) ?? false) else { return false }
            }
            return true
        }

        /// The query string of these filters (for paging links and downloads).
        func query(page: Int? = nil) -> String {
            var parts: [(String, String)] = []
            for (k, v) in [("queue", queue?.rawValue), ("assignee", assignee), ("q", search), ("service", service), ("provider", provider),
                           ("channel", channel), ("status", status), ("finding", finding), ("from", from?.description), ("to", to?.description)] {
                if let v { parts.append((k, v)) }
            }
            if let page { parts.append(("page", String(page))) }
            return parts.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        }
    }

    func registerFilter(_ req: Request, _ v: Viewer) -> RegisterFilter {
        RegisterFilter(req, { i18n.t($0, v.lang) }, lang: v.lang)
    }

    /// `registerFilter`, with a service not in the catalog and an organization the viewer does not see kept out of
    /// it and named beside their fields (a page's filters; an export refuses them instead).
    func pageFilter(_ req: Request, _ v: Viewer, services: [String: ServicePassport]) -> RegisterFilter {
        var filter = registerFilter(req, v)
        if let s = filter.service, services[s] == nil { filter.problems.append(("service", i18n.t("filter_error_unknown", v.lang))); filter.service = nil }
        if let p = filter.provider, !v.id.canSee(provider: p) { filter.problems.append(("provider", i18n.t("error_not_your_organization", v.lang))); filter.provider = nil }
        return filter
    }

    /// A filter's problems on its page: each beside its field (`err_<field>`), and all in the summary at the top.
    func showProblems(_ filter: RegisterFilter, prefix: String, in c: inout [String: Any]) {
        for p in filter.problems { c["err_" + p.field] = p.message }
        if !filter.problems.isEmpty {
            c["has_problems"] = true
            c["problems"] = filter.problems.map { ["message": $0.message, "field_id": prefix + $0.field] }
        }
    }

    /// The applications the register's filters keep, but for the finding (the register keeps the applications with
    /// one; the report counts the findings of that code), as a query over the kept judgements.
    func keptFilter(_ filter: RegisterFilter, _ v: Viewer) -> KeptFilter {
        var k = KeptFilter(providers: filter.provider.map { [$0] } ?? v.id.visibleOrganizations)
        k.service = filter.service; k.channel = filter.channel; k.search = filter.search
        k.receivedFrom = filter.from?.dayNumber; k.receivedTo = filter.to?.dayNumber
        k.states = filter.status.map { [$0] }
        return k
    }

    /// The register's filters as a query over the kept judgements (`KeptFilter`) and its order: latest receipt first,
    /// or for the open queue what expires first. Nil for the queues made per person in memory (`WorkQueues`: what
    /// is not registered, mine, to sign, the week's, unassigned), which hold one organization's work at most.
    func keptQuery(_ filter: RegisterFilter, _ v: Viewer) async throws -> (filter: KeptFilter, order: KeptOrder)? {
        if let q = filter.queue, q != .open { return nil }
        var k = keptFilter(filter, v)
        k.code = filter.finding
        var order = KeptOrder.receivedLatest
        if filter.queue == .open {
            let open = Status.allCases.filter(\.isOpen).sorted { WorkQueue.rank($0) < WorkQueue.rank($1) }.map(\.rawValue)
            k.states = k.states.map { $0.filter(open.contains) } ?? open
            order = .expiring(states: open)
        }
        if let who = filter.assignee { k.subjects = try await store.currentAssignees().filter { $0.value == who }.map(\.key).sorted() }
        return (k, order)
    }

    /// The register's applications: the visible ones, in the queue when one is asked for (ordered by what expires
    /// first), else newest received first; kept by the filters.
    func registerRows(_ filter: RegisterFilter, _ v: Viewer) async throws -> [Listed] {
        let services = try await catalog.services()
        if let s = filter.service, services[s] == nil { throw APIError.invalid(i18n.t("filter_error_unknown", v.lang), path: "service") }
        let (today, items) = try await visibleApplications(v, provider: filter.provider, service: filter.service)
        var rows: [Listed]
        if let q = filter.queue {
            rows = try await queue(q, v, items: items, today: today)
        } else {
            rows = items.sorted { ($0.receiptDay ?? LocalDate(dayNumber: 0), $0.row.id) > ($1.receiptDay ?? LocalDate(dayNumber: 0), $1.row.id) }
        }
        if let who = filter.assignee {
            let assignees = try await store.currentAssignees()
            rows = rows.filter { assignees[$0.row.key] == who }
        }
        return rows.filter(filter.keeps)
    }

    static let pageSize = 25

    func registerPage(_ req: Request, _ v: Viewer) async throws -> Response {
        let services = try await catalog.services()
        let filter = pageFilter(req, v, services: services)
        let orgs = try await organizationNames(v.lang)
        let total: Int, page: Int, pages: Int, slice: [Listed]
        let size = PublicServicesPages.pageSize
        if let (k, order) = try await keptQuery(filter, v) {
            // A query: the count and the one page shown, whatever the number of applications.
            let (asOf, _) = try today()
            try await api.refresh(asOf: asOf)
            total = try await store.keptCount(module: API.judgementModule, k)
            pages = max(1, (total + size - 1) / size)
            page = min(filter.page, pages)
            slice = try await api.resolve(try await store.keptPage(module: API.judgementModule, k, order: order, offset: (page - 1) * size, limit: size),
                                          asOf: asOf).listed
        } else {
            let kept = try await registerRows(filter, v)
            total = kept.count
            pages = max(1, (kept.count + size - 1) / size)
            page = min(filter.page, pages)
            slice = Array(kept.dropFirst((page - 1) * size).prefix(size))
        }
        var c = kit.base(v, title: i18n.t("register_title", v.lang))
        showProblems(filter, prefix: "f-", in: &c)
        c["rows"] = slice.map { rowView($0, services, orgs, v.lang) }
        c["total"] = total
        c["page"] = page; c["pages"] = pages
        c.put("prev", page > 1 ? "/applications?" + filter.query(page: page - 1) : nil)
        c.put("next", page < pages ? "/applications?" + filter.query(page: page + 1) : nil)
        c["export_query"] = filter.query()
        c["from"] = filter.from?.description ?? ""; c["to"] = filter.to?.description ?? ""
        c["search"] = req.uri.queryParameters["q"].map(String.init) ?? ""
        c.put("assignee", filter.assignee)
        c["queues"] = options(WorkQueue.offered(v.id.role).map { ($0.rawValue, i18n.t("queue_\($0.rawValue)", v.lang)) }, selected: filter.queue?.rawValue)
        c["services"] = options(services.values.sorted { $0.id < $1.id }.map { ($0.id, I18n.pick($0.name, v.lang)) }, selected: filter.service)
        let visible = try await store.organizations().filter { v.id.canSee(provider: $0.id) }
        c["providers"] = options(visible.map { ($0.id, orgs[$0.id] ?? $0.name) }, selected: filter.provider)
        c["channels"] = options(Channel.allCases.map { ($0.rawValue, i18n.t("channel_\($0.rawValue)", v.lang)) }, selected: filter.channel)
        c["statuses"] = options(Status.allCases.map { ($0.rawValue, i18n.t("status_\($0.rawValue)", v.lang)) }, selected: filter.status)
        c["codes"] = options(FindingCode.allCases.map { ($0.rawValue, i18n.t("code_\($0.rawValue)", v.lang)) }, selected: filter.finding)
        return kit.render("register", c, status: filter.problems.isEmpty ? .ok : .unprocessableContent)
    }

    /// The register's rows as a table (its CSV and XLSX): what the page lists, with every filter, in the reader's
    /// language, days as dates — handed to `each` a batch at a time (streamed from the database for a query, the
    /// whole list for a queue made in memory).
    func registerTable(_ req: Request, _ v: Viewer) async throws
        -> (filter: RegisterFilter, header: [String], rows: @Sendable (_ each: ([[XLSXWriter.Cell]]) async throws -> Void) async throws -> Void) {
        let filter = registerFilter(req, v)
        if let p = filter.problems.first { throw APIError.invalid(p.message, path: p.field) }
        let services = try await catalog.services()
        if let s = filter.service, services[s] == nil { throw APIError.invalid(i18n.t("filter_error_unknown", v.lang), path: "service") }
        if let p = filter.provider, !v.id.canSee(provider: p) { throw APIError.forbidden(i18n.t("error_not_your_organization", v.lang)) }
        let orgs = try await organizationNames(v.lang)
        let assignees = try await store.currentAssignees()
        let header = ["col_application", "col_service", "col_provider", "col_channel", "col_applicant", "col_received", "col_due", "col_status",
                      "col_findings", "col_assignee"].map { i18n.t($0, v.lang) }
        let lang = v.lang, pages = self
        let cells: @Sendable ([Listed]) -> [[XLSXWriter.Cell]] = { rows in
            rows.map { j -> [XLSXWriter.Cell] in
                [.text(j.row.id), .text(pages.serviceName(j.row.service, services, lang)), .text(orgs[j.row.provider] ?? j.row.provider),
                 .text(pages.i18n.t("channel_\(j.row.channel)", lang)), j.row.applicant.map { .text($0) } ?? .empty,
                 j.receiptDay.map { .date($0) } ?? .empty, j.due.map { .date($0) } ?? .empty, .text(pages.i18n.t("status_\(j.status.rawValue)", lang)),
                 .number(j.findingCount), assignees[j.row.key].map { .text($0) } ?? .empty]
            }
        }
        if let (k, order) = try await keptQuery(filter, v) {
            let (asOf, _) = try today()
            try await api.refresh(asOf: asOf)
            let store = self.store, api = self.api
            return (filter, header, { each in
                try await store.streamKept(module: API.judgementModule, k, order: order) { page in
                    try await each(cells(try await api.resolve(page, asOf: asOf).listed))
                }
            })
        }
        let rows = try await registerRows(filter, v)
        return (filter, header, { each in try await each(cells(rows)) })
    }

    /// `rasim-applications[-<queue>][-<provider>]-<today>.<ext>`.
    func registerFileName(_ filter: RegisterFilter, _ ext: String) throws -> String {
        "rasim-applications" + (filter.queue.map { "-" + $0.rawValue } ?? "") + (filter.provider.map { "-" + $0 } ?? "") + "-\(try Today.of(calendar).day).\(ext)"
    }

    /// The register as CSV, written as it is read.
    func registerCSV(_ req: Request, _ v: Viewer) async throws -> Response {
        let t = try await registerTable(req, v)
        return Self.csvDownload(req, header: t.header, rows: t.rows, filename: try registerFileName(t.filter, "csv"))
    }

    /// The register as a spreadsheet, written as it is read.
    func registerXLSX(_ req: Request, _ v: Viewer) async throws -> Response {
        let t = try await registerTable(req, v)
        return Self.xlsxDownload(sheet: i18n.t("register_sheet", v.lang), header: t.header, widths: [14, 40, 36, 16, 16, 12, 12, 18, 10, 14],
                                 rows: t.rows, filename: try registerFileName(t.filter, "xlsx"))
    }

    func options(_ pairs: [(String, String)], selected: String?) -> [[String: Any]] {
        pairs.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }

    // MARK: the application page

    /// The application a page route names (`{id}`, `?provider=`), or the page's 404/409 in the user's language.
    func located(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Store.ApplicationRow {
        let id = try Requests.pathID(ctx)
        switch try await api.locate([(id, try API.providerParameter(req))], identity: v.id)[0] {
        case .found(let row): return row
        case .missing: throw APIError.notFound(i18n.t("error_unknown_application", v.lang) + " \"\(id)\"")
        case .several(let providers):
            let names = try await organizationNames(v.lang)
            throw APIError(.conflict, "ambiguous_application", i18n.t("error_ambiguous_application", v.lang) + " " +
                           providers.map { names[$0] ?? $0 }.joined(separator: "; "))
        }
    }

    /// A message on the page; `field` (a form field's name) puts it beside that field too, and the summary at
    /// the top links to it.
    struct Notice { var kind: String; var text: String; var field: String? = nil }

    /// The event form's fields (their element id is `r-` and the name).
    static let recordFields: Set<String> = ["type", "at", "documents", "amount", "complaint", "satisfied", "ground", "reasons", "listed_grounds"]

    func applicationPage(_ located: Store.ApplicationRow, _ v: Viewer, form: [String: String], notice: Notice?,
                         status: HTTPResponse.Status = .ok, confirmHearing: Bool = false) async throws -> Response {
        guard let (row, events) = try await store.application(key: located.key) else {
            throw APIError.notFound(i18n.t("error_unknown_application", v.lang) + " \"\(located.id)\"")
        }
        let (_, items) = try await judge([(row, events)], trace: true)
        let j = items[0]
        let services = try await catalog.services()
        let orgs = try await organizationNames(v.lang)
        let passport = services[row.service]
        let zone = try calendar.zones.resolve(passport?.schedule.timeZone ?? Today.zone)
        var c = kit.base(v, title: i18n.t("application_title", v.lang) + " " + row.id)
        c["app"] = rowView(j.listed, services, orgs, v.lang).merging([
            "applicant": row.applicant ?? "—", "queue": row.queuePosition.map(String.init) ?? "—",
            "term": passport.map { $0.term.label[v.lang] } ?? "—", "service_id": row.service,
        ]) { a, _ in a }
        // Officials by name where an event names one (the signer): their id is for machines.
        let officialNames = Dictionary(try await store.officials().map { ($0.id, $0.name.isEmpty ? $0.id : $0.name) }, uniquingKeysWith: { a, _ in a })
        c["events"] = events.map { e -> [String: Any] in
            var ev: [String: Any] = ["type": i18n.t("event_\(e.type)", v.lang), "code": e.type,
                                     "at": i18n.longDateTime(seconds: e.atEpoch, offsetSeconds: zone.offset(e.atEpoch), v.lang),
                                     "by": e.recordedBy]
            ev.put("details", eventDetails(e.body, v.lang, officials: officialNames))
            if let recorded = Instant(iso: e.recordedAt) {
                ev["recorded_at"] = i18n.longDateTime(seconds: recorded.secondsSinceEpoch, offsetSeconds: zone.offset(recorded.secondsSinceEpoch), v.lang)
                ev.put("entered_late", Checks.enteredLate(at: Instant(secondsSinceEpoch: e.atEpoch), recordedAt: recorded,
                                                          timeZone: passport?.schedule.timeZone ?? Today.zone, calendar: calendar))
            }
            return ev
        }
        c["terms"] = j.terms.map { termView($0, v.lang) }
        c["beyond"] = j.beyond.map { ["name": I18n.pick($0.term.label, v.lang), "covers_up_to": kit.date($0.coversUpTo, v.lang)] }
        c["findings"] = j.findings.map { findingView($0, v.lang) }
        c["no_findings"] = j.findings.isEmpty
        let field = notice?.field.flatMap { Self.recordFields.contains($0) || $0 == "assignee" ? $0 : nil }
        if let n = notice {
            // A refusal interrupts (alert); a success is announced without taking the focus (status). The
            // question whether to refuse without a hearing links to its checkbox, where it is asked again.
            var shown: [String: Any] = ["kind": n.kind, "text": n.text, "role": n.kind == "success" ? "status" : "alert"]
            shown.put("field_id", confirmHearing ? "r-confirm" : field.map { ($0 == "assignee" ? "a-" : "r-") + $0 })
            c["notice"] = shown
        }
        if v.may(.appendEvents), let passport {
            var record = try await recordForm(row: row, passport: Self.formPassport(passport, events: events, zone: zone), v, form: form,
                                              zone: zone, confirmHearing: confirmHearing, officialNames: officialNames)
            if let field, field != "assignee", let n = notice { record["err_" + field] = n.text }
            if confirmHearing, let n = notice { record["confirm_text"] = n.text }
            c["record"] = record
        }
        // Who works on it, and the head's form to (re)assign it: executors of its organization with their load.
        let assignments = try await store.assignments(application: row.key)
        c.put("assignee", assignments.last?.assignee)
        if v.may(.assignApplication), j.status.isOpen {
            try await api.refresh(asOf: try today().asOf)
            let load = Dictionary(try await executorLoad(v).load.map { ($0["username"] as! String, $0["open"] as! Int) }, uniquingKeysWith: { a, _ in a })
            var assign: [String: Any] = [
                "action": PublicServicesPages.applicationHref(id: row.id, provider: row.provider, suffix: "/assign"),
                "executors": try await assignableUsers(v, provider: row.provider).map { u -> [String: Any] in
                    ["value": u.username, "label": u.username + " — " + i18n.t("assign_load", v.lang, ["n": String(load[u.username] ?? 0)]),
                     "selected": u.username == (form["assignee"] ?? assignments.last?.assignee)]
                },
            ]
            if field == "assignee", let n = notice { assign["err_assignee"] = n.text }
            c["assign"] = assign
        }
        c["history"] = try await history(row, assignments: assignments, zone: zone, v.lang)
        c["prints"] = Self.printable(events).map { doc in
            ["href": PublicServicesPages.applicationHref(id: row.id, provider: row.provider, suffix: "/print") + "&doc=" + doc.rawValue,
             "label": i18n.t("print_\(doc.rawValue)", v.lang)]
        }
        return kit.render("application", c, status: status)
    }

    /// The event's own fields in words (documents, reasons, signer, complaint …).
    func eventDetails(_ body: String, _ lang: Language, officials: [String: String] = [:]) -> String? {
        guard let v = try? Stored.parse(body), case .object(let pairs) = v else { return nil }
        var parts: [String] = []
        for (k, value) in pairs where !["type", "at"].contains(k) {
            let text: String
            switch value {
            case .array(let items):
                text = items.map { if case .string(let s) = $0 { return k == "documents" ? documentName(s, lang) : s } else { return $0.text } }.joined(separator: "; ")
            case .string(let s): text = ["ground", "satisfied"].contains(k) ? i18n.t("value_\(s)", lang) : k == "signedBy" ? officials[s] ?? s : s
            default: text = value.text
            }
            parts.append(i18n.t("field_\(k)", lang) + ": " + text)
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    func termView(_ t: RunningTerm, _ lang: Language) -> [String: Any] {
        var c: [String: Any] = [
            "name": I18n.pick(t.name, lang), "term": t.deadline.term.label[lang],
            "start": kit.date(t.deadline.start, lang), "due": kit.date(t.deadline.due, lang),
            "status": i18n.t("term_\(t.status.rawValue)", lang), "status_class": t.status.rawValue,
            "citations": t.citation.map { kit.citation($0, lang) },
            "trace": kit.deadlineTrace(t.deadline, calendar, lang),
        ]
        c.put("done", t.doneOn.map { kit.date($0, lang) })
        c.put("due_at", t.deadline.dueInstant.map { $0.iso(offsetSeconds: 5 * 3600) })
        c.put("complaint", t.complaint)
        c.put("unconfirmed", t.deadline.restsOnUnconfirmedDays ? true : nil)
        return c
    }

    func findingView(_ f: Finding, _ lang: Language) -> [String: Any] {
        var c: [String: Any] = [
            "code": f.code, "label": i18n.t("code_\(f.code)", lang), "severity": I18n.pick(f.severity.label, lang),
            "severity_class": f.severity.rawValue, "message": kit.message(f.message, lang),
            "citations": f.citation.map { kit.citation($0, lang) }, "requirement": I18n.pick(f.explanation.requirement, lang),
        ]
        c.put("stage", f.stage.map { i18n.t("stage_\($0)", lang) })
        c.put("due", f.due.map { kit.date($0, lang) })
        c.put("actual", f.actual.map { kit.date($0, lang) })
        c.put("late", f.lateWorkingDays)
        // The event a term was counted from, by its name; the engine's own account of what happened is English
        // (for the API and logs) and is shown only on English pages.
        c.put("from_event", lang == .en ? f.explanation.fromEvent
              : f.explanation.deadline.map { i18n.t("counted_from_day", lang, ["day": kit.date($0.start, lang), "term": $0.term.label[lang]]) })
        c.put("happened", lang == .en ? f.explanation.happened : nil)
        c.put("corrected", f.correction.map { "№\($0.event): \($0.reason)" })
        c.put("retroactive", f.criteriaInForce == false ? true : nil)
        c.put("unconfirmed_days", f.unconfirmedDays.isEmpty ? nil : f.unconfirmedDays.map { kit.date($0, lang) }.joined(separator: ", "))
        return c
    }

    // MARK: recording events

    /// The event form, offering only what this user may record: results and refusals only to a signer
    /// linked to an official of the provider who may sign this service (the server checks again, with the
    /// official's absences, when the form is sent).
    func recordForm(row: Store.ApplicationRow, passport: ServicePassport, _ v: Viewer, form: [String: String],
                    zone: ZoneTable.Resolved, confirmHearing: Bool, officialNames: [String: String]) async throws -> [String: Any] {
        // (A correction is recorded through the API for now: it names an event by number and says why.)
        var kinds: [Event.Kind] = Event.Kind.allCases.filter { !$0.isDecision && $0 != .submitted && $0 != .correction }
        var signer: String? = nil
        if v.id.role == .signer, let official = v.id.user.official {
            let officials = try await catalog.officials()
            let orgs = try await catalog.officialOrganizations()
            if officials[official]?.maySign.contains(passport.id) == true, orgs[official] == row.provider {
                kinds = [.resultIssued, .refused] + kinds
                signer = officialNames[official] ?? official
            }
        }
        let selected = form["type"] ?? kinds.first?.rawValue ?? ""
        let now = Clock.nowEpoch()
        let local = Instant(secondsSinceEpoch: now).iso(offsetSeconds: zone.offset(now))
        var c: [String: Any] = [
            "action": PublicServicesPages.applicationHref(id: row.id, provider: row.provider, suffix: "/events"),
            "types": kinds.map { ["value": $0.rawValue, "label": i18n.t("event_\($0.rawValue)", v.lang), "selected": $0.rawValue == selected] },
            "at": form["at"] ?? String(local.prefix(16)),
            "zone": zoneName(passport.schedule.timeZone, v.lang),
            "documents": form["documents"] ?? "", "reasons": form["reasons"] ?? "", "complaint": form["complaint"] ?? "",
            "document_choices": documentChoices(Self.knownDocuments(try await catalog.services()), form, v.lang, prefix: "r"),
            "amount": form["amount"] ?? "",
            "grounds": Event.RefusalGround.allCases.map { ["value": $0.rawValue, "label": i18n.t("value_\($0.rawValue)", v.lang), "selected": $0.rawValue == form["ground"]] },
            "satisfactions": Event.Satisfaction.allCases.map { ["value": $0.rawValue, "label": i18n.t("value_\($0.rawValue)", v.lang), "selected": $0.rawValue == form["satisfied"]] },
            "hearing_required": passport.hearingRequired,
        ]
        c.put("signer", signer)
        c.put("confirm_hearing", confirmHearing ? true : nil)
        if let listed = passport.refusalGrounds, signer != nil {
            c["listed_grounds"] = listed.map { ["id": $0.id, "label": I18n.pick($0.text, v.lang), "checked": form["listed_\($0.id)"] == "yes"] }
            c["has_listed_grounds"] = !listed.isEmpty
        }
        return c
    }

    /// The passport version the form offers grounds from: the one in force on the day the application was
    /// submitted (the judge uses the one in force on its receipt day; the two differ only when a version takes
    /// effect between an after-hours submission and the next working day — the judge then has the last word).
    static func formPassport(_ passport: ServicePassport, events: [Store.EventRow], zone: ZoneTable.Resolved) -> ServicePassport {
        guard let first = events.first, let day = zone.local(first.atEpoch)?.day else { return passport }
        return passport.inForce(on: LocalDate(dayNumber: day))
    }

    func recordEvent(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let located = try await located(req, ctx, v)
        let f = try await kit.form(req, v)
        guard let (row, events) = try await store.application(key: located.key) else {
            throw APIError.notFound(i18n.t("error_unknown_application", v.lang) + " \"\(located.id)\"")
        }
        let services = try await catalog.services()
        guard let passport = services[row.service] else { throw APIError.rule("unknown service \"\(row.service)\"", path: "$.service") }
        let zone = try calendar.zones.resolve(passport.schedule.timeZone)
        func again(_ message: String, field: String? = nil, confirm: Bool = false, status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
            try await applicationPage(row, v, form: f.plain, notice: Notice(kind: confirm ? "warning" : "error", text: message, field: field),
                                      status: status, confirmHearing: confirm)
        }
        guard let type = f["type"], let kind = Event.Kind(rawValue: type), kind != .submitted else {
            return try await again(i18n.t("form_error_type", v.lang), field: "type")
        }
        guard let atText = localInstant(f["at"], zone: zone), let at = Instant(iso: atText) else {
            return try await again(i18n.t("form_error_at", v.lang), field: "at")
        }
        // The form's event, built as a value (the same checks as the API's JSON reader: ids in the id alphabet,
        // free text without control characters).
        var event = Event(kind: kind, at: at, index: events.count)
        let documents = Self.chosenDocuments(f, known: Self.knownDocuments(services))
        guard documents.allSatisfy({ RecordID.problem($0) == nil }) else { return try await again(i18n.t("api_error_invalid_input", v.lang), field: "documents") }
        switch kind {
        case .refused:
            // A refusal states its specific reasons (PS-VIOLATIONS-2025 Stage III case 12) …
            let reasons = (f["reasons"] ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !reasons.isEmpty else { return try await again(i18n.t("form_error_reasons", v.lang), field: "reasons") }
            guard reasons.allSatisfy({ TextRule.problem($0) == nil }) else { return try await again(i18n.t("api_error_invalid_input", v.lang), field: "reasons") }
            guard let ground = f["ground"].flatMap(Event.RefusalGround.init(rawValue:)) else { return try await again(i18n.t("form_error_ground", v.lang), field: "ground") }
            // … and, where the rules require it, follows a hearing (case 12): without one the form warns and
            // asks for an explicit confirmation before recording what will be a finding.
            if passport.hearingRequired, !events.contains(where: { $0.type == Event.Kind.hearingHeld.rawValue }), f["confirm_no_hearing"] != "yes" {
                return try await again(i18n.t("form_warning_no_hearing", v.lang), confirm: true, status: .ok)
            }
            event.ground = ground
            event.reasons = reasons
            // Where the service's rules list the grounds a refusal may name, it names at least one (check.md v1.1).
            if let listed = Self.formPassport(passport, events: events, zone: zone).refusalGrounds, ground != .incompletePackage {
                let chosen = listed.filter { f["listed_\($0.id)"] == "yes" }.map(\.id)
                guard !chosen.isEmpty else { return try await again(i18n.t("form_error_listed_grounds", v.lang), field: "listed_grounds") }
                event.grounds = chosen
            }
        case .resultIssued, .documentsRequested, .documentsAdded:
            if !documents.isEmpty || kind != .resultIssued { event.documents = documents }
            if kind != .resultIssued, documents.isEmpty { return try await again(i18n.t("api_error_invalid_input", v.lang), field: "documents") }
        case .paymentDemanded:
            guard let amount = f.text("amount"), let n = Int(amount), n >= 0 else { return try await again(i18n.t("form_error_amount", v.lang), field: "amount") }
            event.amount = String(n)
        case .complaintRegistered, .complaintAnswered:
            guard let complaint = f.text("complaint"), RecordID.problem(complaint) == nil else {
                return try await again(i18n.t("form_error_complaint", v.lang), field: "complaint")
            }
            event.complaint = complaint
            if kind == .complaintAnswered {
                guard let s = f["satisfied"].flatMap(Event.Satisfaction.init(rawValue:)) else { return try await again(i18n.t("form_error_satisfied", v.lang), field: "satisfied") }
                event.satisfied = s
            }
        default: break
        }
        do {
            _ = try await api.append([(row, [.typed(event, zone: zone)])], identity: v.id)
        } catch let e as APIError where e.status != .unauthorized {
            // The act's refusal worded in the user's language beside its field; else the code's words (the
            // English detail only when there are none).
            if let r = e.refusal { return try await again(refusalText(r, zone: zone, v.lang), field: r.field, status: e.status) }
            let text = i18n.tables[v.lang]?["api_error_\(e.code)"] ?? (e.message + (e.path == "$" ? "" : " (\(e.path))"))
            let field = e.path.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) }
            return try await again(text, field: field, status: e.status)
        }
        return PageKit.redirect(PublicServicesPages.applicationHref(id: row.id, provider: row.provider) + "&recorded=1")
    }

    /// A rule's refusal in the user's language: instants and dates local (in `zone`), words from the tables.
    func refusalText(_ r: Refusal, zone: ZoneTable.Resolved, _ lang: Language) -> String {
        i18n.t(r.key, lang, r.values.mapValues { v in
            switch v {
            case .text(let s): return s
            case .instant(let t): return i18n.longDateTime(seconds: t.secondsSinceEpoch, offsetSeconds: zone.offset(t.secondsSinceEpoch), lang)
            case .date(let d): return kit.date(d, lang)
            case .word(let key): return i18n.t(key, lang)
            }
        })
    }

    /// A `datetime-local` value ("2025-03-03T10:00") in the provider's zone, as an instant with its offset.
    func localInstant(_ text: String?, zone: ZoneTable.Resolved) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.count >= 16,
              let day = LocalDate(String(text.prefix(10))), text.dropFirst(10).first == "T",
              let time = TimeOfDay(String(text.dropFirst(11).prefix(5))) else { return nil }
        let at = zone.instant(day, second: time.minutes * 60)
        return at.iso(offsetSeconds: zone.offset(at.secondsSinceEpoch))
    }

    // MARK: documents by name

    /// Every document the catalog's services name (required or obtained from a system), and those the forms know
    /// otherwise, in a stable order.
    static func knownDocuments(_ services: [String: ServicePassport]) -> [String] {
        Array(Set(services.values.flatMap { $0.requiredDocuments + $0.obtainedFromSystems })).sorted()
    }

    /// A document's name in the reader's language; its code when the tables have no name for it.
    func documentName(_ id: String, _ lang: Language) -> String { i18n.tables[lang]?["document_" + id] ?? id }

    /// The documents as checkboxes with their names (`doc_<code>`), checked as the form was sent.
    func documentChoices(_ known: [String], _ form: [String: String], _ lang: Language, prefix: String) -> [[String: Any]] {
        known.map { ["code": $0, "name": documentName($0, lang), "checked": form["doc_" + $0] == "yes", "id": prefix + "-doc-" + $0] }
            .sorted { ($0["name"] as! String) < ($1["name"] as! String) }
    }

    /// The documents a form names: those ticked, then any codes typed (comma, semicolon or line separated), once each.
    static func chosenDocuments(_ f: WebForm, known: [String]) -> [String] {
        let typed = (f["documents"] ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var out: [String] = []
        for d in known.filter({ f["doc_" + $0] == "yes" }) + typed where !out.contains(d) { out.append(d) }
        return out
    }

    // MARK: registering an application

    /// The new-application form's fields (element id `n-` and the name), and where an error of the use case's
    /// input (its JSON path) sits on the form: the first event is the submission, the second the registration.
    static func newFormField(path: String) -> String? {
        if path.hasPrefix("$.events[0]") { return path.contains(".documents") ? "documents" : "submitted" }
        if path.hasPrefix("$.events[1]") { return "registered" }
        let name = String(path.dropFirst(2).prefix { $0.isLetter })
        return ["service", "provider", "channel", "applicant", "id"].contains(name) ? name : nil
    }

    func newApplicationPage(_ v: Viewer, form: [String: String], error: String?, field: String? = nil,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        let services = try await catalog.services()
        var c = kit.base(v, title: i18n.t("new_title", v.lang))
        c["services"] = options(services.values.sorted { $0.id < $1.id }.map { ($0.id, I18n.pick($0.name, v.lang) + " — " + $0.term.label[v.lang]) }, selected: form["service"])
        let visible = try await store.organizations().filter { v.id.canSee(provider: $0.id) }
        let names = try await organizationNames(v.lang)
        c["providers"] = options(visible.map { ($0.id, names[$0.id] ?? $0.name) }, selected: form["provider"])
        c["channels"] = options(Channel.allCases.map { ($0.rawValue, i18n.t("channel_\($0.rawValue)", v.lang)) }, selected: form["channel"] ?? "paper")
        let now = Clock.nowEpoch()
        let zone = try homeZone
        c["submitted"] = form["submitted"] ?? String(Instant(secondsSinceEpoch: now).iso(offsetSeconds: zone.offset(now)).prefix(16))
        c["registered"] = form["registered"] ?? ""
        c["applicant"] = form["applicant"] ?? ""; c["id"] = form["id"] ?? ""; c["documents"] = form["documents"] ?? ""
        c["document_choices"] = documentChoices(Self.knownDocuments(services), form, v.lang, prefix: "n")
        c.put("error", error)
        if let error, let field {
            c["err_" + field] = error
            c["error_field_id"] = "n-" + field
        }
        return kit.render("new", c, status: status)
    }

    func createApplication(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let services = try await catalog.services()
        func again(_ m: String, _ s: HTTPResponse.Status = .unprocessableContent, field: String? = nil) async throws -> Response {
            try await newApplicationPage(v, form: f.plain, error: m, field: field, status: s)
        }
        guard let service = f["service"], let passport = services[service] else { return try await again(i18n.t("form_error_service", v.lang), field: "service") }
        let zone = try calendar.zones.resolve(passport.schedule.timeZone)
        guard let submittedText = localInstant(f["submitted"], zone: zone), let submitted = Instant(iso: submittedText) else {
            return try await again(i18n.t("form_error_at", v.lang), field: "submitted")
        }
        let documents = Self.chosenDocuments(f, known: Self.knownDocuments(services))
        guard documents.allSatisfy({ RecordID.problem($0) == nil }) else { return try await again(i18n.t("api_error_invalid_input", v.lang), field: "documents") }
        var events = [API.EventInput.typed(Event(kind: .submitted, at: submitted, documents: documents.isEmpty ? passport.requiredDocuments : documents, index: 0),
                                           zone: zone, path: "$.events[0]")]
        if let reg = f.text("registered") {
            guard let text = localInstant(reg, zone: zone), let at = Instant(iso: text) else { return try await again(i18n.t("form_error_at", v.lang), field: "registered") }
            events.append(.typed(Event(kind: .registered, at: at, index: 1), zone: zone, path: "$.events[1]"))
        }
        let channel = f["channel"].flatMap(PublicServices.Channel.init(rawValue:)) ?? .paper
        let typedID = f.text("id"), typedProvider = f.text("provider"), applicant = f.text("applicant")
        for (name, value, rule) in [("id", typedID, RecordID.problem), ("provider", typedProvider, RecordID.problem), ("applicant", applicant, NameRule.problem)] {
            if let value, rule(value) != nil { return try await again(i18n.t("api_error_invalid_input", v.lang), field: name) }
        }
        // The id is chosen here when the form leaves it empty, so the page can go to the new application.
        let newID = typedID ?? "A-" + UUID().uuidString.prefix(8).lowercased()
        // The same use case as POST /api/v1/applications: the same validation, the same audit entry.
        let created: Store.ApplicationRow
        do {
            created = try await api.create(API.NewApplication(id: newID, service: service, channel: channel, applicant: applicant, queuePosition: nil,
                                                              provider: typedProvider, events: events), identity: v.id)
        } catch let e as APIError where e.status != .unauthorized {
            if let r = e.refusal {
                return try await again(refusalText(r, zone: zone, v.lang), e.status, field: Self.newFormField(path: "$.events[\(e.eventIndex ?? 0)].\(r.field ?? "")"))
            }
            return try await again(i18n.tables[v.lang]?["api_error_\(e.code)"] ?? (e.message + (e.path == "$" ? "" : " (\(e.path))")), e.status,
                                   field: Self.newFormField(path: e.path))
        }
        return PageKit.redirect(PublicServicesPages.applicationHref(id: created.id, provider: created.provider) + "&created=1")
    }
}
