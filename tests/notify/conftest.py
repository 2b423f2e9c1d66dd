import pytest

from tests.notify.servers import ChatServer, SmtpServer


@pytest.fixture
def chat():
    server = ChatServer().up()
    yield server
    server.down()


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server
