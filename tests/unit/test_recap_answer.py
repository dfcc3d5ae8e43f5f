"""The recap's project question once answered: its line says the answer."""

from __future__ import annotations

from bot.texts.recap import with_project_answer

SHOWN = (
    "📊 <b>Week 3 recap</b>\n"
    "\n<b>Project, week 2</b>: File Organizer\nDid you ship it? Tap below.\n"
    "\n<b>Project, week 3</b>: Todo <code>CLI</code>\nDid you ship it? Tap below.\n"
    "🔥 Streak: 2 weeks in a row at your pace&#x27;s minimum"
)


def test_the_answered_weeks_line_says_the_answer_and_the_other_question_stays() -> None:
    assert with_project_answer(SHOWN, 3, shipped=False) == (
        "📊 <b>Week 3 recap</b>\n"
        "\n<b>Project, week 2</b>: File Organizer\nDid you ship it? Tap below.\n"
        "\n<b>Project, week 3</b>: Todo <code>CLI</code>\nNot yet: it stays on your list.\n"
        "🔥 Streak: 2 weeks in a row at your pace's minimum"
    )
    answered = with_project_answer(SHOWN, 2, shipped=True)
    assert answered is not None
    assert answered.split("\n")[3] == "✅ Shipped — well done."


def test_a_question_not_in_the_message_leaves_it_as_it_is() -> None:
    assert with_project_answer(SHOWN, 4, shipped=True) is None
    answered = with_project_answer(SHOWN, 2, shipped=True)
    assert answered is not None
    assert with_project_answer(answered, 2, shipped=False) is None
