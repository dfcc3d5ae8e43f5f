from tests.e2e.harness import Bot


async def test_help(bot: Bot) -> None:
    text = await bot.say_one(1, "/help")
    assert "/log" in text
