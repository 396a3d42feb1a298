import LegalCore

/// Every finding's message, in Kazakh, Russian and English, written here once.
enum Texts {
    static func t(_ kk: String, _ ru: String, _ en: String) -> LocalizedText { LocalizedText(kk: kk, ru: ru, en: en) }

    static func marker(_ status: ValidityStatus, subject: String) -> LocalizedText {
        switch status {
        case .notYetInForce:
            return t("\(subject): бұйрық 2015 жылғы 14 сәуірде мемлекеттік тіркелгенге дейін қолданылмады — бағаланбайды.",
                     "\(subject): до государственной регистрации приказа 14 апреля 2015 г. он не применялся — не оценивается.",
                     "\(subject): the order did not apply before its state registration on 14 Apr 2015 — not judged.")
        case .repealUncertain:
            return t("\(subject): бұйрық 2018 жылғы 2 мамырдағы № 60 бұйрықпен күшін жойған; бұл күн күшін жою күшіне енген кезеңге түседі, ол дереккөздерде жоқ — бағаланбайды.",
                     "\(subject): приказ отменён приказом № 60 от 2 мая 2018 г.; дата приходится на период, когда отмена могла вступить в силу (дата публикации в источниках не указана) — не оценивается.",
                     "\(subject): the order was repealed by Order No. 60 of 2 May 2018; the date falls when the repeal may have taken effect (its publication date is not in the sources) — not judged.")
        case .repealed:
            return t("\(subject): бұйрық 2018 жылғы 2 мамырдағы № 60 бұйрықпен күшін жойған — бағаланбайды.",
                     "\(subject): приказ отменён приказом № 60 от 2 мая 2018 г. — не оценивается.",
                     "\(subject): the order was repealed by Order No. 60 of 2 May 2018 — not judged.")
        case .wording2015, .wordingUncertain:
            return t("\(subject): 2016 жылғы 29 қаңтардағы № 20 бұйрыққа дейінгі редакция дереккөздерде жоқ — тек өзгертілмеген тармақтар (8, 13, 16, 25) қолданылады.",
                     "\(subject): редакция до приказа № 20 от 29 января 2016 г. в источниках отсутствует — применяются только неизменённые пункты (8, 13, 16, 25).",
                     "\(subject): the wording before Order No. 20 of 29 Jan 2016 is not held — only the unamended paragraphs (8, 13, 16, 25) are applied.")
        case .inForce:
            return t(subject, subject, subject)
        }
    }

    static func approaching(_ o: Obligation, subject: String, due: LocalDate) -> LocalizedText {
        t("\(subject): \(o.label.kk) мерзімі \(due) аяқталады.", "\(subject): срок — \(o.label.ru) — истекает \(due).",
          "\(subject): the term for \(o.label.en) ends on \(due).")
    }

    static func late(_ o: Obligation, subject: String, due: LocalDate, actual: LocalDate?, asOf: LocalDate, days: Int) -> LocalizedText {
        if let actual {
            return t("\(subject): \(o.label.kk) мерзімі \(due) болатын, орындалды \(actual) — \(days) күнге кешіктірілген.",
                     "\(subject): срок — \(o.label.ru) — был \(due), исполнено \(actual): с опозданием на \(days) дн.",
                     "\(subject): \(o.label.en) was due on \(due) and done on \(actual): \(days) days late.")
        }
        return t("\(subject): \(o.label.kk) мерзімі \(due) болатын, \(asOf) күйіне орындалмаған — \(days) күн өтті.",
                 "\(subject): срок — \(o.label.ru) — истёк \(due), на \(asOf) не исполнено: прошло \(days) дн.",
                 "\(subject): \(o.label.en) was due on \(due) and is not done as of \(asOf): \(days) days past.")
    }

    static func participationMissing(_ id: String, items: [Int]) -> LocalizedText {
        let list = Array(Set(items)).sorted().map(String.init).joined(separator: ", ")
        return t("\(id) ісі 6-тармақтың тізбесіне жатады (\(list)): прокурордың бірінші сатыға қатысуы міндетті, бірақ ол қатыспаған.",
                 "Дело \(id) относится к перечню пункта 6 (\(list)): участие прокурора в первой инстанции обязательно, но он не участвовал.",
                 "Case \(id) falls under §6 (items \(list)): the prosecutor's participation at first instance is mandatory, but he did not take part.")
    }

    static func appealParticipationMissing(_ id: String, on: LocalDate) -> LocalizedText {
        t("\(id) ісін жоғары тұрған сот \(on) қарады, прокурор қатыспаған (8-тармақ).",
          "Дело \(id) рассмотрено вышестоящим судом \(on) без участия прокурора (пункт 8).",
          "Case \(id) was reviewed by the higher court on \(on) without the prosecutor (§8).")
    }

    static func specializedNotNotified(_ id: String, office: String) -> LocalizedText {
        t("\(id) ісі мамандандырылған прокуратураға жатады, бірақ оған хабарланбаған: істі аумақтық прокуратура (\(office)) алды (7-тармақ).",
          "Дело \(id) относится к специализированной прокуратуре, но она не была уведомлена: дело принял территориальный прокурор (\(office)) (пункт 7).",
          "Case \(id) belongs to a specialized prosecutor's office that was not notified: the territorial office (\(office)) took it (§7).")
    }

    static func unauthorized(_ id: String, protest: String, role: ProsecutorRole, cassation: Bool) -> LocalizedText {
        cassation
            ? t("\(id) ісі бойынша \(protest) кассациялық наразылығын \(role.label.kk) келтірген: оны тек Бас прокурор немесе оның орынбасары келтіреді (25-тармақ).",
                "Кассационный протест \(protest) по делу \(id) принесён: \(role.label.ru); его приносят только Генеральный прокурор или его заместитель (пункт 25).",
                "Cassation protest \(protest) in case \(id) was brought by \(role.label.en): only the Prosecutor General or a deputy may (§25).")
            : t("\(id) ісі бойынша \(protest) апелляциялық наразылығын келтіруге \(role.label.kk) құзыретті емес (13-тармақ).",
                "Апелляционный протест \(protest) по делу \(id) принесён без полномочий: \(role.label.ru) (пункт 13).",
                "Appeal protest \(protest) in case \(id) was brought by \(role.label.en), who may not bring it (§13).")
    }

    /// §27's requirements, in words.
    static let items: [String: LocalizedText] = [
        "addressee": t("кімге жолданғаны", "адресат", "the official addressed"),
        "applicant_name": t("өтініш берушінің аты-жөні", "ФИО заявителя", "the applicant's name"),
        "applicant_residence": t("тұрғылықты жері", "место жительства", "the residence"),
        "applicant_status": t("процестік жағдайы", "процессуальное положение", "the procedural status"),
        "courts_and_decisions": t("соттар мен олардың шешімдері", "суды и их решения", "the courts and their decisions"),
        "contested_resolution": t("наразылық келтірілетін қаулы", "обжалуемое постановление", "the resolution to protest"),
        "violation_and_request": t("бұзушылықтың мәні мен өтініш", "суть нарушения и просьба", "the violation and the request"),
        "signature": t("қолы", "подпись", "the signature"),
        "power_of_attorney": t("сенімхат", "доверенность", "the power of attorney"),
        "certified_copies": t("куәландырылған көшірмелер", "заверенные копии", "the certified copies"),
    ]

    static func notReturned(_ id: String, missing: [String]) -> LocalizedText {
        func list(_ pick: (LocalizedText) -> String) -> String { missing.map { items[$0].map(pick) ?? $0 }.joined(separator: ", ") }
        return t("\(id) өтінішінде 27-тармақ талап ететін мәліметтер жоқ (\(list { $0.kk })) — ол қайтарылуы тиіс еді, бірақ қаралды.",
                 "В обращении \(id) нет сведений, требуемых пунктом 27 (\(list { $0.ru })) — оно подлежало возврату, но было рассмотрено.",
                 "Application \(id) lacks what §27 requires (\(list { $0.en })) — it should have been returned, but was considered.")
    }

    static func returnedWithoutGround(_ id: String) -> LocalizedText {
        t("\(id) өтініші 27-тармақтың талаптарына сай, бірақ қайтарылған.",
          "Обращение \(id) отвечает требованиям пункта 27, но было возвращено.",
          "Application \(id) meets §27 but was returned.")
    }
}
