"""Kefu's changes to Rasa's runtime for speed keep Rasa's answers: the NLU pipeline on a
worker thread, event classes found once by name, kept connections to endpoints."""

import asyncio
import threading

import pytest
from aiohttp import web
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from bot import event_lookup, kept_connections, nlu_thread

MESSAGES = ["where is my parcel", "o produto ainda não chegou", "退款什么时候到账", "qwzx"]


@pytest.mark.model
def test_the_pipeline_reads_on_the_worker_thread_with_the_same_results(agent, monkeypatch):
    async def parse_all():
        return [await agent.parse_message(text) for text in MESSAGES]

    expected = asyncio.run(parse_all())
    monkeypatch.setattr(MessageProcessor, "parse_message", MessageProcessor.parse_message)
    monkeypatch.setattr(MessageProcessor, "handle_message", MessageProcessor.handle_message)
    monkeypatch.setattr(
        MessageProcessor, "_parse_message_with_graph", MessageProcessor._parse_message_with_graph
    )
    threads = []
    original = MessageProcessor._parse_message_with_graph

    def spy(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MessageProcessor, "_parse_message_with_graph", spy)
    nlu_thread.install()
    got = asyncio.run(parse_all())
    monkeypatch.setattr(MessageProcessor, "_kefu_nlu_thread", False, raising=False)

    def essentials(parsed):
        return parsed["intent"], parsed["entities"], parsed.get("language"), parsed["text"]

    assert [essentials(p) for p in got] == [essentials(p) for p in expected]
    assert threads and all(name.startswith("kefu-nlu") for name in threads)


def test_event_classes_are_found_by_name_as_rasa_finds_them(monkeypatch):
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    event_lookup.install()
    for kind in (UserUttered, ActionExecuted, SlotSet):
        assert Event.resolve_by_type(kind.type_name) is kind
        assert Event.resolve_by_type(kind.type_name) is kind  # the kept answer
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert "no_such_event" not in event_lookup._found


def test_an_endpoint_keeps_one_open_session_and_still_answers(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    kept_connections.install()
    seen = []

    async def scenario():
        async def handler(request):
            seen.append((request.headers.get("X-Token"), request.transport.get_extra_info("peername")[1]))
            return web.json_response({"ok": True, "got": await request.json()})

        app = web.Application()
        app.router.add_post("/webhook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Token": "t"})
        try:
            body = {"text": "não chegou / 包裹 😡", "confidence": 0.8123456789012345, "none": None}
            answers = [await endpoint.request(method="post", json={"n": n, **body}) for n in range(3)]
            first = kept_connections.kept_session(endpoint)
            assert not first.closed  # `async with` left it open
            await first.close()
            answers.append(await endpoint.request(method="post", json={"n": 3, **body}))  # a new one
            assert kept_connections.kept_session(endpoint) is not first
            await kept_connections.kept_session(endpoint).close()
            return answers
        finally:
            await runner.cleanup()

    body = {"text": "não chegou / 包裹 😡", "confidence": 0.8123456789012345, "none": None}
    assert asyncio.run(scenario()) == [{"ok": True, "got": {"n": n, **body}} for n in range(4)]
    assert [token for token, _ in seen] == ["t"] * 4
    ports = [port for _, port in seen]
    assert len(set(ports[:3])) == 1 and ports[3] != ports[0]  # one connection, then a new session's


def test_request_bodies_encode_to_the_same_json_and_refuse_what_json_refuses():
    import json

    state = {"events": [{"event": "user", "text": "a/b \u00e9", "parse_data": {"confidence": 1e-7}}], 1: "x"}
    assert json.loads(kept_connections.encode_json(state)) == json.loads(json.dumps(state))
    assert kept_connections.encode_json({"v": float("nan")}) in ('{"v":NaN}', '{"v": NaN}')
    with pytest.raises(TypeError):
        kept_connections.encode_json({"v": {1, 2}})


def test_the_worker_embeds_on_every_core_for_a_lone_message_and_on_one_when_busy(monkeypatch):
    import os

    from threadpoolctl import threadpool_info

    def openmp_threads():
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "openmp"}

    main_thread = openmp_threads()
    cores = len(os.sched_getaffinity(0))
    monkeypatch.setattr(nlu_thread, "runnable_elsewhere", lambda: 0)  # a machine otherwise idle
    for in_hand, expected in ((1, cores), (2, 1), (20, 1)):
        monkeypatch.setattr(nlu_thread, "_in_hand", in_hand)
        threads = nlu_thread.threads_for_reading()
        assert threads == expected
        seen = nlu_thread.worker().submit(lambda n=threads: (nlu_thread._openmp.use(n), openmp_threads())[1])
        assert seen.result() == {expected}
    assert openmp_threads() == main_thread  # a per-thread setting: training keeps every core


def test_a_lone_message_leaves_the_cores_other_processes_use_to_them(monkeypatch):
    import os

    cores = len(os.sched_getaffinity(0))
    monkeypatch.setattr(nlu_thread, "_in_hand", 1)
    for elsewhere, expected in ((0, cores), (cores - 1, 1), (cores, 1), (50, 1)):
        monkeypatch.setattr(nlu_thread, "runnable_elsewhere", lambda n=elsewhere: n)
        assert nlu_thread.threads_for_reading() == expected
    if cores > 2:
        monkeypatch.setattr(nlu_thread, "runnable_elsewhere", lambda: 1)
        assert nlu_thread.threads_for_reading() == cores - 1


def test_tasks_running_elsewhere_are_read_from_the_machine(tmp_path):
    import os

    loadavg = tmp_path / "loadavg"
    loadavg.write_text("0.52 0.58 0.59 3/512 123456\n")
    assert nlu_thread.runnable_elsewhere(str(loadavg)) == 2  # the asker is one of the three
    loadavg.write_text("0.52 0.58 0.59 1/512 123456\n")
    assert nlu_thread.runnable_elsewhere(str(loadavg)) == 0
    loadavg.write_text("garbage\n")
    cores = len(os.sched_getaffinity(0))
    assert nlu_thread.runnable_elsewhere(str(loadavg)) == cores  # unreadable: as if busy
    assert nlu_thread.runnable_elsewhere(str(tmp_path / "missing")) == cores
    assert nlu_thread.runnable_elsewhere() >= 0  # this machine's own file reads


def test_a_graph_is_evaluated_in_order_each_node_once():
    from bot.graph_runner import evaluate

    calls = []

    def node(name):
        def run(*inputs):
            calls.append(name)
            return name, [value for _, value in inputs]

        return run

    graph = {
        "message": ("message", "hello"),  # an input: a literal, as Rasa adds it
        "tokens": (node("tokens"), "message"),
        "language": (node("language"), "tokens"),
        "intent": (node("intent"), "tokens", "language"),
    }
    assert dict(evaluate(graph, ["intent", "language"])) == {
        "intent": [["hello"], [["hello"]]],
        "language": [["hello"]],
    }
    assert calls == ["tokens", "language", "intent"]  # "tokens" once, though two nodes need it


@pytest.mark.model
def test_the_model_answers_the_same_without_dasks_scheduler(agent, monkeypatch):
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot import graph_runner

    async def read_and_predict():
        results = []
        for text in MESSAGES:
            parsed = await agent.parse_message(text)
            tracker = DialogueStateTracker.from_events("t", [])
            tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
            prediction = agent.processor._predict_next_with_tracker(tracker)
            results.append((parsed["intent"], parsed["entities"], prediction.max_confidence_index))
        return results

    monkeypatch.setattr(DaskGraphRunner, "run", graph_runner._dask_run)
    expected = asyncio.run(read_and_predict())
    graph_runner.install()
    assert DaskGraphRunner.run is graph_runner._run
    assert asyncio.run(read_and_predict()) == expected


def test_whether_a_domain_is_empty_is_worked_out_once_per_domain(monkeypatch):
    from rasa.shared.core.domain import Domain

    from bot import domain_checks

    monkeypatch.setattr(Domain, "is_empty", domain_checks._original)
    domain_checks.install()
    asked = []
    original = domain_checks._original
    monkeypatch.setattr(domain_checks, "_original", lambda d: asked.append(id(d)) or original(d))
    full = Domain.from_yaml("intents:\n- greet\nresponses:\n  utter_hi:\n  - text: hi\n")
    empty = Domain.empty()

    answers = [full.is_empty(), full.is_empty(), empty.is_empty(), empty.is_empty()]
    assert answers == [False, False, True, True]
    assert asked == [id(full), id(empty)]  # Rasa's own check ran once for each domain
    domain_checks.install()  # a second install changes nothing
    assert Domain.is_empty is domain_checks.is_empty


def test_stored_events_read_back_as_rasa_wrote_them():
    import json

    from rasa.shared.core.events import BotUttered

    from bot.session_store import read_event

    ranking = [
        {"name": "track_order", "confidence": 0.8123456789012345},
        {"name": "greet", "confidence": 1e-7},
    ]
    parse_data = {"intent_ranking": ranking}
    events = [
        UserUttered("ainda não recebi", ranking[0], [], parse_data, metadata={"n": float("nan")}),
        ActionExecuted("action_listen"),
        SlotSet("language", "pt"),
        BotUttered("Olá", {"buttons": None}, {"utter_action": "utter_greet"}),
    ]
    read = [read_event(json.dumps(e.as_dict())) for e in events]
    assert [type(e) for e in read] == [type(e) for e in events]
    assert json.dumps([e.as_dict() for e in read]) == json.dumps([e.as_dict() for e in events])


def _random_event(draw, intents, slots):
    from rasa.shared.core import events as e

    kind = draw.random()
    if kind < 0.25:
        return e.UserUttered("hi", {"name": draw.choice(intents), "confidence": 0.9}, [])
    if kind < 0.55:
        name = draw.choice(["action_listen", "utter_greet", "order_form", "action_track_order"])
        return e.ActionExecuted(name, hide_rule_turn=draw.random() < 0.3)
    if kind < 0.7:
        return e.SlotSet(draw.choice(slots), draw.choice([None, "x", "en", True]))
    if kind < 0.78:
        return e.ActiveLoop(draw.choice([None, "order_form"]))
    rare = [e.FollowupAction("utter_greet"), e.UserUtteranceReverted(), e.ActionReverted()]
    rare += [e.SessionStarted(), e.Restarted(), e.BotUttered("hello")]
    return draw.choice(rare)


def test_dialogue_states_replayed_per_event_are_rasas_own():
    """Trackers growing event by event, rewound, restarted: every call's states equal
    Rasa's, whatever the caller did to the states it got before."""
    import random

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot import PROJECT_ROOT, prior_states

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    intents, slots = list(domain.intents)[:8], [s.name for s in domain.slots][:6]
    rule_only = {"slots": slots[:2], "loops": ["order_form"]}
    compared = 0
    for seed in range(60):
        draw = random.Random(seed)
        tracker = DialogueStateTracker("buyer", domain.slots)
        for _ in range(draw.randint(5, 50)):
            tracker.update(_random_event(draw, intents, slots))
            if draw.random() < 0.4:
                for arguments in [(False, False, None), (True, True, rule_only), (False, True, None)]:
                    expected = prior_states._original(domain, tracker, *arguments)
                    got = prior_states.states_for_tracker_history(domain, tracker, *arguments)
                    assert got == expected, (seed, arguments)
                    compared += 1
                    for state in got:  # policies edit the states they are given
                        state.get("user", {}).pop("intent", None)
                        state.pop("slots", None)
    assert compared > 500


def test_states_shared_within_rasas_answer_stay_shared_in_the_copy():
    from bot.prior_states import _copied

    user = {"intent": "greet"}
    states = [{"user": user, "prev_action": {"action_name": "action_listen"}}, {"user": user}]
    copies = _copied(states)
    assert copies == states
    assert copies[0]["user"] is copies[1]["user"] and copies[0]["user"] is not user


def test_a_trackers_applied_events_are_worked_out_again_only_after_a_new_event():
    from rasa.shared.core.events import UserUtteranceReverted
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.prior_states import _Kept

    tracker = DialogueStateTracker("buyer", [])
    kept = _Kept()
    assert kept.applied_events(tracker) == []
    tracker.update(UserUttered("hi", {"name": "greet"}))
    tracker.update(ActionExecuted("utter_greet"))
    first = kept.applied_events(tracker)
    assert first == tracker.applied_events() and kept.applied_events(tracker) is first  # kept
    tracker.update(UserUtteranceReverted())  # a rewind: fewer applied events, worked out again
    again = kept.applied_events(tracker)
    assert again is not first and again == tracker.applied_events() == []


def test_a_loaded_model_is_frozen_out_of_full_collections_and_collection_goes_on():
    import gc

    import rasa.core.run
    import rasa.server

    from bot import frozen_heap

    async def load(fail: bool = False):
        assert not gc.isenabled()  # no collection while the model loads
        if fail:
            raise RuntimeError("no model")
        return "agent"

    loaded = frozen_heap.freeze_after(load)
    try:
        assert asyncio.run(loaded()) == "agent"
        assert gc.isenabled() and gc.get_freeze_count() > 0
        with pytest.raises(RuntimeError):
            asyncio.run(loaded(fail=True))
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    originals = rasa.core.run.load_agent_on_start, rasa.server._load_agent
    try:
        frozen_heap.install()
        frozen_heap.install()  # once only, however often it is installed
        assert rasa.core.run.load_agent_on_start.__wrapped__ is originals[0]
        assert rasa.server._load_agent.__wrapped__ is originals[1]
    finally:
        rasa.core.run.load_agent_on_start, rasa.server._load_agent = originals


def test_the_worker_sets_its_thread_count_only_when_it_changes():
    calls = []

    class Library:
        def set_num_threads(self, threads):
            calls.append(threads)

    openmp = nlu_thread._OpenMP()
    openmp.libraries = [Library()]
    for threads in (1, 1, 1, 2, 2, 1):
        openmp.use(threads)
    assert calls == [1, 2, 1]
