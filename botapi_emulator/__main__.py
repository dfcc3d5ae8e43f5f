"""`python -m botapi_emulator --port N`: the emulator in a process of its own.

It prints one JSON line, ``{"port": …, "base_url": …}``, once it serves, and runs until SIGTERM
or SIGINT. Besides the Bot API it answers ``/control/…`` (see ``botapi_emulator.control``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal

from botapi_emulator.emulator import BotApiEmulator


async def serve(port: int) -> None:
    emulator = BotApiEmulator()
    await emulator.start(port)
    print(json.dumps({"port": emulator.port, "base_url": emulator.base_url}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m botapi_emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed)")
    asyncio.run(serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
