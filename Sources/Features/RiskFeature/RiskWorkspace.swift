import Foundation
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import SQLKit
import Storage
import WebKit
import WorkCalendar

/// A risk input made from the workspace's own records, for the organizations an inspector picks and a day
/// (`GET /risk?from=workspace&asOf=…&subject=…`): the raw JSON stays for importing what the workspace does not hold.
///
/// For each organization, as of `asOf` (docs/reference/risk.md's fields):
/// - `servicesRenderedLast6Months`: its applications submitted in the six calendar months up to `asOf`;
/// - `refusalsInInternalControlReport`: whether it recorded a refusal in those six months (a reading: the internal-control
///   report covers the same half-year; the workspace holds the refusals, not the report);
/// - `inspectionsLastYear` and `lastVisit`: the checklists scored for it in the year up to `asOf` (a scored checklist is an
///   inspection with a visit);
/// - `complaintsToAuthorizedBodyLast6Months`, `art465LiabilityLastYear`, `negativeMediaLastYear`: the workspace does not
///   hold them — 0 and false, said on the page, for the inspector to correct in the JSON;
/// - `subjective.violated`: the App.1 criteria that the kept findings of every act cite (`PS-RISK-2023 App.1 #N`), for
///   findings whose day (done, else due) falls in the year up to `asOf`; `assessed` is left out (all 35, the contract's
///   default).
extension RiskPages {
    static let cited = "PS-RISK-2023 App.1 #"

    func workspaceInput(asOf: LocalDate, subjects: [String]) async throws -> String {
        await kit.refreshJudgements()
        let halfYear = Self.monthsBefore(asOf, 6), year = Self.monthsBefore(asOf, 12)
        let zone = try calendar.zones.resolve(Today.zone)
        func start(_ d: LocalDate) -> Int64 { zone.instant(d, second: 0).secondsSinceEpoch }
        let end = start(asOf.adding(days: 1)) - 1
        let activity = try await store.activity(fromEpoch: start(halfYear.adding(days: 1)), toEpoch: end, eventType: "refused")
        let findings = try await store.findingsCiting(Self.cited, providers: subjects)
        let orgs = Dictionary(try await store.organizations().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let visits = try await store.checklistDays(subjects: subjects, zone: zone)
        var list: [String] = []
        for id in subjects {
            var violated = Set<Int>()
            for f in findings where f.provider == id {
                guard let day = (f.actual ?? f.due).map({ LocalDate(dayNumber: $0) }), day > year, day <= asOf else { continue }
                for m in f.citation.matches(of: /PS-RISK-2023 App\.1 #(\d+)/) { if let n = Int(m.1), (1...35).contains(n) { violated.insert(n) } }
            }
            let seen = (visits[id] ?? []).filter { $0 > year && $0 <= asOf }
            var fields: [(String, String)] = [("id", JSONText.string(id))]
            if let o = orgs[id] {
                fields.append(("name", JSONText.string(o.name)))
                if let bin = o.bin { fields.append(("bin", JSONText.string(bin))) }
            }
            fields.append(("objective", JSONText.object([
                ("servicesRenderedLast6Months", String(activity.applications[id] ?? 0)),
                ("complaintsToAuthorizedBodyLast6Months", "0"),
                ("art465LiabilityLastYear", "false"),
                ("negativeMediaLastYear", "false"),
                ("inspectionsLastYear", String(seen.count)),
                ("refusalsInInternalControlReport", (activity.events[id] ?? 0) > 0 ? "true" : "false"),
            ])))
            fields.append(("subjective", JSONText.object([("violated", JSONText.array(violated.sorted().map(String.init)))])))
            if let last = seen.max() { fields.append(("lastVisit", JSONText.string(last.description))) }
            list.append(JSONText.object(fields))
        }
        return "{\"asOf\": \(JSONText.string(asOf.description)),\n \"subjects\": [\n  " + list.joined(separator: ",\n  ") + "]}"
    }

    /// The same day `n` calendar months earlier (the month's last day when it has no such day).
    static func monthsBefore(_ d: LocalDate, _ n: Int) -> LocalDate {
        let total = d.year * 12 + (d.month - 1) - n
        let y = total / 12, m = total % 12 + 1
        var day = d.day
        while LocalDate(year: y, month: m, day: day) == nil { day -= 1 }
        return LocalDate(year: y, month: m, day: day)!
    }

    /// `GET /risk?from=workspace`: the chosen organizations (all the viewer sees when none is chosen) and day
    /// (today when absent); a day that is not a date is refused beside its field.
    func workspaceRisk(_ req: Request, _ v: Viewer) async throws -> Response {
        let q = req.uri.queryParameters
        let visible = try await store.organizations().filter { v.id.canSee(provider: $0.id) }.map(\.id)
        var chosen = q.getAll("subject").map { String($0) }.filter { visible.contains($0) }
        if chosen.isEmpty { chosen = visible }
        let asOf: LocalDate
        if let text = q["asOf"].map(String.init), !text.isEmpty {
            guard let d = LocalDate(text) else {
                return try await riskPage(v, input: nil, error: kit.i18n.t("risk_workspace_error_date", v.lang), status: .unprocessableContent,
                                          workspace: (text, chosen))
            }
            asOf = d
        } else {
            asOf = try Today.of(calendar).day
        }
        let input = try await workspaceInput(asOf: asOf, subjects: chosen)
        return try await riskPage(v, input: input, workspace: (asOf.description, chosen), fromWorkspace: true)
    }
}

extension Store {
    /// The days checklists were scored for each of `subjects`, in `zone` (the capital's).
    func checklistDays(subjects: [String], zone: ZoneTable.Resolved) async throws -> [String: [LocalDate]] {
        guard !subjects.isEmpty else { return [:] }
        return try await database.read { db in
            var out: [String: [LocalDate]] = [:]
            for r in try await db.select().columns("subject", "created_at").from("checklists").where("subject", .in, SQLBind.group(subjects)).all() {
                guard let at = Instant(iso: try r.decode(column: "created_at", as: String.self)), let local = zone.local(at.secondsSinceEpoch) else { continue }
                out[try r.decode(column: "subject", as: String.self), default: []].append(LocalDate(dayNumber: local.day))
            }
            return out
        }
    }
}
