import Foundation
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import PublicServices
import Storage
import WebKit
import WorkCalendar

/// What an application's page adds around its timeline: its history (every audited write with who and when,
/// every assignment), the head's (re)assignment, and the documents to print for the applicant — the decision, the
/// reasoned refusal with its grounds and how to put them right, the hearing notice — on A4, in Kazakh or Russian.
extension PublicServicesPages {
    enum PrintDocument: String, CaseIterable, Sendable {
        case decision, refusal, hearing
    }

    /// The documents an application's events allow: a decision once a result is issued, a refusal once refused, a
    /// hearing notice while a refusal is being considered (the hearing is not yet held, no decision yet).
    static func printable(_ events: [Store.EventRow]) -> [PrintDocument] {
        let types = Set(events.map(\.type))
        var out: [PrintDocument] = []
        if types.contains(Event.Kind.resultIssued.rawValue) { out.append(.decision) }
        if types.contains(Event.Kind.refused.rawValue) { out.append(.refusal) }
        if !types.contains(Event.Kind.resultIssued.rawValue), !types.contains(Event.Kind.refused.rawValue) { out.append(.hearing) }
        return out
    }

    /// Every audited write to the application and every assignment, oldest first, in the reader's words and zone.
    func history(_ row: Store.ApplicationRow, assignments: [Assignments.Record], zone: ZoneTable.Resolved, _ lang: Language) async throws -> [[String: Any]] {
        func local(_ iso: String) -> String {
            guard let t = Instant(iso: iso) else { return iso }
            return i18n.longDateTime(seconds: t.secondsSinceEpoch, offsetSeconds: zone.offset(t.secondsSinceEpoch), lang)
        }
        // The n-th assignment entry of the log is the n-th assignment: each is written with its entry, in one transaction.
        var assigned = assignments.makeIterator()
        return try await store.auditTrail(entity: "application:" + row.key).map { e -> [String: Any] in
            var item: [String: Any] = ["at": local(e.at), "by": e.actor, "seq": String(e.seq),
                                       "what": i18n.tables[lang]?["audit_action_" + e.action] ?? i18n.t("audit_action_other", lang)]
            if e.action == "application.assign", let a = assigned.next() {
                item["what"] = i18n.t("audit_action_application.assign", lang) + ": " + a.assignee
            }
            return item
        }
    }

    /// `POST /applications/{id}/assign`: the head's form, through the API's use case.
    func assignFromForm(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let located = try await located(req, ctx, v)
        let f = try await kit.form(req, v)
        func again(_ text: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await applicationPage(located, v, form: f.plain, notice: Notice(kind: "error", text: text, field: "assignee"), status: status)
        }
        guard let username = f.text("assignee") else { return try await again(i18n.t("assign_error_choose", v.lang), .unprocessableContent) }
        do {
            _ = try await api.assign(located, to: username, identity: v.id)
        } catch let e as APIError where e.status != .unauthorized {
            return try await again(i18n.tables[v.lang]?["api_error_\(e.code)"] ?? e.message, e.status)
        }
        return PageKit.redirect(PublicServicesPages.applicationHref(id: located.id, provider: located.provider) + "&assigned=1")
    }

    /// `GET /applications/{id}/print?doc=decision|refusal|hearing`: the document on A4, in the reader's language.
    func printPage(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let located = try await located(req, ctx, v)
        guard let (row, events) = try await store.application(key: located.key) else {
            throw APIError.notFound(i18n.t("error_unknown_application", v.lang) + " \"\(located.id)\"")
        }
        guard let doc = req.uri.queryParameters["doc"].flatMap({ PrintDocument(rawValue: String($0)) }), Self.printable(events).contains(doc) else {
            throw APIError.notFound(i18n.t("print_not_available", v.lang))
        }
        let services = try await catalog.services()
        let passport = services[row.service]
        let zone = try calendar.zones.resolve(passport?.schedule.timeZone ?? Today.zone)
        let orgs = try await organizationNames(v.lang)
        let officials = Dictionary(try await store.officials().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let (_, today) = try today()
        var c = kit.base(v, title: i18n.t("print_\(doc.rawValue)", v.lang) + " — " + row.id)
        c["doc"] = doc.rawValue
        c["is_" + doc.rawValue] = true
        c["body"] = i18n.t("print_\(doc.rawValue)_body", v.lang)
        c["heading"] = i18n.t("print_\(doc.rawValue)_heading", v.lang)
        c["provider"] = orgs[row.provider] ?? row.provider
        c["service"] = serviceName(row.service, services, v.lang)
        c["number"] = row.id
        c["applicant"] = row.applicant ?? "—"
        c["today"] = kit.date(today, v.lang)
        c["back"] = PublicServicesPages.applicationHref(id: row.id, provider: row.provider)
        if let submitted = events.first {
            c["submitted"] = i18n.longDateTime(seconds: submitted.atEpoch, offsetSeconds: zone.offset(submitted.atEpoch), v.lang)
        }
        let decisionType = doc == .decision ? Event.Kind.resultIssued.rawValue : Event.Kind.refused.rawValue
        if doc != .hearing, let decision = events.last(where: { $0.type == decisionType }),
           let body = try? Stored.parse(decision.body), case .object(let pairs) = body {
            func string(_ k: String) -> String? { if case .string(let s)? = pairs.first(where: { $0.0 == k })?.1 { return s }; return nil }
            func strings(_ k: String) -> [String] {
                guard case .array(let items)? = pairs.first(where: { $0.0 == k })?.1 else { return [] }
                return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            }
            c["decided"] = i18n.longDateTime(seconds: decision.atEpoch, offsetSeconds: zone.offset(decision.atEpoch), v.lang)
            let signer = string("signedBy")
            c.put("signer", signer.map { officials[$0] ?? $0 })
            if doc == .refusal {
                let ground = string("ground")
                c.put("ground", ground.map { i18n.t("value_\($0)", v.lang) })
                c["reasons"] = strings("reasons")
                c["has_reasons"] = !strings("reasons").isEmpty
                let dayOf = LocalDate(dayNumber: zone.local(events.first?.atEpoch ?? decision.atEpoch)?.day ?? 0)
                let listed = passport?.inForce(on: dayOf).refusalGrounds ?? []
                c["grounds"] = strings("grounds").map { id in listed.first { $0.id == id }.map { I18n.pick($0.text, v.lang) } ?? id }
                c["has_grounds"] = !strings("grounds").isEmpty
                // How to put it right: an incomplete package names what is missing; a refusal on the merits
                // points to its reasons. Either way the applicant may apply again, and may appeal.
                if ground == Event.RefusalGround.incompletePackage.rawValue {
                    let handed = Set(events.filter { $0.type == Event.Kind.submitted.rawValue || $0.type == Event.Kind.documentsAdded.rawValue }
                        .flatMap { e -> [String] in
                            guard let b = try? Stored.parse(e.body), case .object(let p) = b, case .array(let d)? = p.first(where: { $0.0 == "documents" })?.1 else { return [] }
                            return d.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
                        })
                    let missing = (passport?.requiredDocuments ?? []).filter { !handed.contains($0) }.map { documentName($0, v.lang) }
                    c["missing"] = missing
                    c["has_missing"] = !missing.isEmpty
                    c["fix"] = i18n.t("print_fix_incomplete", v.lang)
                } else {
                    c["fix"] = i18n.t("print_fix_merits", v.lang)
                }
            }
        }
        // The paragraphs these documents answer to: a refusal states its reasons (case 12), a hearing precedes it (case 13).
        let basis: [FindingCode] = doc == .refusal ? [.refusalWithoutReasons] : doc == .hearing ? [.refusalWithoutHearing] : []
        c.put("citation", basis.isEmpty ? nil : basis.flatMap(\.citations).map { kit.citation($0, v.lang) }.joined(separator: "; "))
        return kit.render("print", c)
    }
}
