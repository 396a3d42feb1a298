import LegalCore

/// One control subject's data for an assessment (docs/reference/risk.md "subjects").
public struct SubjectData: Sendable {
    /// The six objective facts of PS-RISK-2023 App.1 §4, over the periods the act sets.
    public struct Objective: Sendable {
        public var servicesRenderedLast6Months: Int
        public var complaintsToAuthorizedBodyLast6Months: Int
        public var art465LiabilityLastYear: Bool
        public var negativeMediaLastYear: Bool
        public var inspectionsLastYear: Int
        public var refusalsInInternalControlReport: Bool
        public init(servicesRenderedLast6Months: Int, complaintsToAuthorizedBodyLast6Months: Int, art465LiabilityLastYear: Bool,
                    negativeMediaLastYear: Bool, inspectionsLastYear: Int, refusalsInInternalControlReport: Bool) {
            self.servicesRenderedLast6Months = servicesRenderedLast6Months
            self.complaintsToAuthorizedBodyLast6Months = complaintsToAuthorizedBodyLast6Months
            self.art465LiabilityLastYear = art465LiabilityLastYear
            self.negativeMediaLastYear = negativeMediaLastYear
            self.inspectionsLastYear = inspectionsLastYear
            self.refusalsInInternalControlReport = refusalsInInternalControlReport
        }
    }
    public var id: String
    public var name: String?
    public var bin: String?
    public var objective: Objective
    /// The subjective criteria checked (1–35); nil means all 35.
    public var assessed: Set<Int>?
    public var violated: Set<Int>
    public var lastVisit: LocalDate?

    public init(id: String, name: String? = nil, bin: String? = nil, objective: Objective, assessed: Set<Int>? = nil,
                violated: Set<Int>, lastVisit: LocalDate? = nil) {
        self.id = id; self.name = name; self.bin = bin; self.objective = objective; self.assessed = assessed
        self.violated = violated; self.lastVisit = lastVisit
    }
}

public struct DegreeScore: Sendable, Hashable {
    public var assessed: Int
    public var violated: Int
    public var score: Rational
}

public enum RiskCategory: String, Sendable { case high, notHigh = "not_high" }

public struct SubjectAssessment: Sendable {
    public var id: String
    public var objectiveHigh: Bool
    public var objectiveCriteria: [Int]
    public var grossViolated: [Int]
    public var significant: DegreeScore
    public var minor: DegreeScore
    public var score: Rational
    public var category: RiskCategory
    public var needsVisit: Bool
    public var eligible: Bool
    public var citation: [Citation]
    /// Where the act is silent and Rasim applied its own, labelled reading for this subject.
    public var readings: [LocalizedText]
}

public struct PreventiveControlList: Sendable {
    public var approvalDue: LocalDate
    public var subjects: [String]
    /// The list's rules: who is on it, by when it is approved.
    public static let citations = [Citation(.psRisk2023, "App.1 §10"), Citation(.psRisk2023, "App.1 §11"), Citation(.psRisk2023, "App.1 §12")]
}

/// PS-RISK-2023: the risk degree of control subjects and the list for preventive control with a visit.
public enum RiskAssessment {
    /// The act's numbers as dated data (issue 13): the objective thresholds (App.1 §4) and the score's weights
    /// and band (App.1 §9). PS-RISK-2023 has had one wording; a new one is a new version from its date.
    public struct Parameters: Sendable, Hashable {
        /// §4.1: more than this many services in the last 6 months.
        public var servicesAbove: Int
        /// §4.5: at least this many inspections in the last year.
        public var inspectionsAtLeast: Int
        /// §9: any gross violation gives this score.
        public var grossScore: Rational
        public var significantWeight: Rational
        public var minorWeight: Rational
        /// §9: a score above this is high risk (the bands 0–70 and 71–100).
        public var highAbove: Rational
    }

    public static let parameters: Versioned<Parameters> = {
        let first = Versioned<Parameters>.Version(
            validity: Validity(from: LocalDate(year: 2023, month: 5, day: 5)!),
            value: Parameters(servicesAbove: 1000, inspectionsAtLeast: 3, grossScore: Rational(100), significantWeight: Rational(7, 10),
                              minorWeight: Rational(3, 10), highAbove: Rational(70)),
            citation: Citation(.psRisk2023, "App.1 §4 and §9"))
        do { return try Versioned([first]) } catch { preconditionFailure("PS-RISK-2023 parameters overlap: \(error)") }
    }()

    /// The parameters in force on `date` (nil before PS-RISK-2023); `current` is the latest wording's.
    public static func parameters(on date: LocalDate) -> Parameters? { try? parameters.inForce(on: date).value }
    public static var current: Parameters { parameters.versions[parameters.versions.count - 1].value }
    public static var threshold: Rational { current.highAbove }

    /// §4: the objective criteria that hold (numbers 1–6); the subject is HIGH if any does.
    public static func objectiveCriteria(_ o: SubjectData.Objective, _ p: Parameters = current) -> [Int] {
        var out: [Int] = []
        if o.servicesRenderedLast6Months > p.servicesAbove { out.append(1) }
        if o.complaintsToAuthorizedBodyLast6Months > 0 { out.append(2) }
        if o.art465LiabilityLastYear { out.append(3) }
        if o.negativeMediaLastYear { out.append(4) }
        if o.inspectionsLastYear >= p.inspectionsAtLeast { out.append(5) }
        if o.refusalsInInternalControlReport { out.append(6) }
        return out
    }

    /// §9: any gross violation → 100; else SPз = SP2·100/SP1·0.7 over significant criteria plus
    /// SPн = SP2·100/SP1·0.3 over minor ones, in exact arithmetic.
    public static func subjective(assessed: Set<Int>?, violated: Set<Int>, criteria: RiskCriteria, _ p: Parameters = current)
        -> (gross: [Int], significant: DegreeScore, minor: DegreeScore, score: Rational, readings: [LocalizedText]) {
        let checked = assessed ?? Set(1...35)
        var readings: [LocalizedText] = []
        func degree(_ s: Severity, weight: Rational) -> DegreeScore {
            let pool = criteria.subjective.filter { $0.severity == s && checked.contains($0.number) }
            let bad = pool.filter { violated.contains($0.number) }.count
            guard !pool.isEmpty else {
                readings.append(LocalizedText(
                    kk: "\(s.label.kk) дәрежелі бірде-бір өлшемшарт бағаланбаған (SP1 = 0): бұл дәреже 0 береді — актіде айтылмаған, Рәсімнің түсіндірмесі",
                    ru: "не оценён ни один критерий степени «\(s.label.ru)» (SP1 = 0): эта степень даёт 0 — в акте не сказано, толкование Rasim",
                    en: "no \(s.rawValue) criteria were assessed (SP1 = 0): that degree contributes 0 — Rasim's reading, the act does not say"))
                return DegreeScore(assessed: 0, violated: 0, score: .zero)
            }
            return DegreeScore(assessed: pool.count, violated: bad, score: Rational(bad * 100, pool.count) * weight)
        }
        let gross = criteria.subjective.filter { $0.severity == .gross && violated.contains($0.number) }.map(\.number).sorted()
        let sig = degree(.significant, weight: p.significantWeight)
        let minor = degree(.minor, weight: p.minorWeight)
        let score = gross.isEmpty ? sig.score + minor.score : p.grossScore
        if gross.isEmpty, p.highAbove < score, score < p.highAbove + Rational(1) {
            readings.append(LocalizedText(
                kk: "\(score.display) балы актідегі 0–70 және 71–100 аралықтарының арасында: 70-тен жоғары, яғни жоғары деп оқылды — Рәсімнің түсіндірмесі",
                ru: "балл \(score.display) лежит между диапазонами акта 0–70 и 71–100: прочитан как выше 70, то есть высокий — толкование Rasim",
                en: "the score \(score.display) lies between the act's bands 0–70 and 71–100: read as above 70, so high — Rasim's reading"))
        }
        return (gross, sig, minor, score, readings)
    }

    /// §11: lists are approved by 10 December (for the first half of the next year) and by 10 May; the next
    /// approval date on or after `date`; nil after 10 December 9999 (no such date can be written).
    public static func approvalDate(onOrAfter date: LocalDate) -> LocalDate? {
        FixedDate.yearly([.init(5, 10), .init(12, 10)]).nextOccurrence(onOrAfter: date)
    }

    /// §10: at most one preventive control with a visit a year — eligible when the last visit was on or
    /// before the same day a year before approval (29 February → 28 February).
    /// risk.md v1.1: «жылына бір реттен аспауы тиіс» (App.1 §10) read as no visit in the 12 months before the
    /// list's approval date — named in the output of every subject whose last visit it was applied to.
    public static let visitYearReading = LocalizedText(
        kk: "«Жылына бір реттен аспауы тиіс» (1-қосымша, 10-тармақ) тізім бекітілетін күнге дейінгі 12 айда бару болмауы деп оқылды — Рәсімнің түсіндірмесі",
        ru: "«Не чаще одного раза в год» (прил. 1, п. 10) прочитано как отсутствие посещения за 12 месяцев до дня утверждения списка — толкование Rasim",
        en: "«at most once a year» (App.1 §10) read as no visit in the 12 months before the list's approval date — Rasim's reading")

    public static func eligible(lastVisit: LocalDate?, approval: LocalDate) -> Bool {
        guard let lastVisit else { return true }
        let (y, m, d) = approval.components
        // Before year 2 there is no "year before" to compare with: any visit is within the year.
        guard let yearBefore = LocalDate(year: y - 1, month: m, day: min(d, LocalDate.daysInMonth(year: y - 1, month: m))) else { return false }
        return lastVisit <= yearBefore
    }

    public static func assess(_ subjects: [SubjectData], asOf: LocalDate, criteria: RiskCriteria)
        throws(RiskError) -> (subjects: [SubjectAssessment], list: PreventiveControlList) {
        guard let act = Acts.find(.psRisk2023) else { throw .invalidData("PS-RISK-2023 is not in the act registry") }
        switch act.validity.status(on: asOf) {
        case .inForce: break
        case .uncertain(let note): throw .actNotInForce("whether PS-RISK-2023 is in force on \(asOf) is not known: \(note)")
        default: throw .actNotInForce("PS-RISK-2023 is not in force on \(asOf): it applies from May 2023 (registered 5 May 2023, No. 32439)")
        }
        // The numbers in force on the assessment's date (the act is, so they are).
        let p = parameters(on: asOf) ?? current
        guard let approval = approvalDate(onOrAfter: asOf) else {
            throw .dateOutOfRange("no approval date (10 May or 10 December, §11) follows \(asOf) before the year 10000")
        }
        let out = subjects.map { s -> SubjectAssessment in
            let obj = objectiveCriteria(s.objective, p)
            let subj = subjective(assessed: s.assessed, violated: s.violated, criteria: criteria, p)
            let category: RiskCategory = p.highAbove < subj.score ? .high : .notHigh
            return SubjectAssessment(
                id: s.id, objectiveHigh: !obj.isEmpty, objectiveCriteria: obj, grossViolated: subj.gross,
                significant: subj.significant, minor: subj.minor, score: subj.score, category: category,
                needsVisit: !obj.isEmpty && category == .high,
                eligible: eligible(lastVisit: s.lastVisit, approval: approval),
                citation: [Citation(.psRisk2023, "App.1 §4"), Citation(.psRisk2023, "App.1 §9")] + subj.gross.map { Citation(.psRisk2023, "App.1 #\($0)") },
                readings: subj.readings + (s.lastVisit == nil ? [] : [Self.visitYearReading]))
        }
        let list = out.filter { $0.needsVisit && $0.eligible }
            .sorted { $0.score != $1.score ? $1.score < $0.score : $0.id < $1.id }
            .map(\.id)
        return (out, PreventiveControlList(approvalDue: approval, subjects: list))
    }

    /// The checklist (App.2) filled in at a visit: requirement numbers 1–19 answered "does not comply" are
    /// the violated criteria; the assessed ones are those answered at all.
    /// What a checklist's score rests on: the checklist (App.2), the subjective score (App.1 §9) and each violated criterion
    /// (risk.md v1.1: the criteria's paragraphs are Appendix 1's; the order's own §4 is its entry-into-force clause).
    public static func checklistCitations(violated: [Int]) -> [Citation] {
        [Citation(.psRisk2023, "App.2"), Citation(.psRisk2023, "App.1 §9")] + violated.map { Citation(.psRisk2023, "App.1 #\($0)") }
    }

    /// Whether every score in [from, to) is high risk (above `threshold`): how a chart marks its bands.
    public static func isHighRisk(band from: Rational) -> Bool { from >= threshold }

    public static func checklistScore(answers: [Int: Bool], criteria: RiskCriteria)
        -> (assessed: [Int], violated: [Int], gross: [Int], significant: DegreeScore, minor: DegreeScore, score: Rational, category: RiskCategory, readings: [LocalizedText]) {
        var assessed = Set<Int>(), violated = Set<Int>()
        for r in criteria.checklist.requirements {
            guard let complies = answers[r.number] else { continue }
            assessed.insert(r.criterion)
            if !complies { violated.insert(r.criterion) }
        }
        let s = subjective(assessed: assessed, violated: violated, criteria: criteria)
        return (assessed.sorted(), violated.sorted(), s.gross, s.significant, s.minor, s.score,
                threshold < s.score ? .high : .notHigh, s.readings)
    }
}
