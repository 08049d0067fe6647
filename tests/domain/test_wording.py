from klachtendesk.domain.wording import cases


def test_one_case_is_singular_and_every_other_count_plural():
    assert [cases(n) for n in (0, 1, 2, 13)] == ["0 zaken", "1 zaak", "2 zaken", "13 zaken"]
