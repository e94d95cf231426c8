// Sign-in throttles count per address and per (user name, address) with backoff, never per user name alone, and
// every attempt is checked and counted in one step: concurrent wrong passwords are all counted and no more than
// the limit are ever verified.
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "use_cases/sessions.hpp"
#include "use_cases/use_case_fixture.hpp"

namespace kesu::use_case_test {
namespace {

using domain::ErrorCode;
using namespace std::chrono_literals;

constexpr const char* kPassword = "Passw0rd!234";

// Counts how many passwords were actually verified (the slow check an attacker wants to run many times).
class CountingHasher final : public domain::PasswordHasher {
public:
    explicit CountingHasher(const domain::PasswordHasher& inner) : inner_(inner) {}
    std::string Hash(std::string_view password) const override { return inner_.Hash(password); }
    bool Verify(std::string_view encoded_hash, std::string_view password) const override {
        verified_.fetch_add(1);
        return inner_.Verify(encoded_hash, password);
    }
    int Verified() const { return verified_.load(); }

private:
    const domain::PasswordHasher& inner_;
    mutable std::atomic<int> verified_{0};
};

class LoginThrottle : public UseCaseTest {
protected:
    void SetUp() override {
        UseCaseTest::SetUp();
        counting_deps_ = std::make_unique<use_cases::Dependencies>(
            use_cases::Dependencies{*database_, clock_, hasher_, tokens_, *sla_, use_cases::Limits{}});
    }

    // The error's code, or nullopt when signed in.
    std::optional<ErrorCode> SignIn(const std::string& username, const std::string& password,
                                    const std::string& address, int* retry_after = nullptr) {
        use_cases::RequestContext context{use_cases::CustomerActor(), "test", address};
        auto login = use_cases::Login(*counting_deps_, context, username, password);
        if (login) return std::nullopt;
        if (retry_after) *retry_after = login.error().retry_after_seconds;
        return login.error().code;
    }

    std::int64_t AddressCount(const std::string& address) {
        domain::Instant now = clock_.Now();
        auto length =
            std::chrono::duration_cast<std::chrono::milliseconds>(counting_deps_->limits.login_window).count();
        domain::Instant window = domain::FromMillis(domain::ToMillis(now) / length * length);
        auto count = domain::ReadValue<std::int64_t>(*database_, [&](domain::Transaction& tx) {
            return tx.Throttle().Count("login-address:" + address, window);
        });
        EXPECT_TRUE(count);
        return count.value_or(-1);
    }

    CountingHasher hasher_{passwords_};
    std::unique_ptr<use_cases::Dependencies> counting_deps_;
};

constexpr std::nullopt_t kSignedIn = std::nullopt;

TEST_F(LoginThrottle, AnAttackerElsewhereCannotLockTheRealUserOut) {
    const std::string attacker = "198.51.100.66";
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(SignIn(agent_.username, "wrong-" + std::to_string(i), attacker), ErrorCode::kUnauthenticated);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(SignIn(agent_.username, "wrong-again", attacker), ErrorCode::kRateLimited);
    EXPECT_EQ(SignIn(agent_.username, kPassword, attacker), ErrorCode::kRateLimited)
        << "the guessing address waits even with the right password";
    EXPECT_EQ(SignIn(agent_.username, kPassword, "203.0.113.5"), kSignedIn) << "the real user, elsewhere, signs in";
    EXPECT_EQ(hasher_.Verified(), 6);
}

TEST_F(LoginThrottle, TheWaitDoublesWithEveryFurtherFailureAndARightPasswordClearsIt) {
    const std::string address = "192.0.2.10";
    for (int i = 0; i < 5; ++i) ASSERT_EQ(SignIn(agent_.username, "wrong", address), ErrorCode::kUnauthenticated);
    int retry_after = 0;
    EXPECT_EQ(SignIn(agent_.username, "wrong", address, &retry_after), ErrorCode::kRateLimited);
    EXPECT_EQ(retry_after, 30);
    clock_.Advance(30s);
    EXPECT_EQ(SignIn(agent_.username, "wrong", address), ErrorCode::kUnauthenticated);  // the 6th failure
    clock_.Advance(59s);
    EXPECT_EQ(SignIn(agent_.username, kPassword, address, &retry_after), ErrorCode::kRateLimited);
    EXPECT_EQ(retry_after, 1);
    clock_.Advance(1s);
    EXPECT_EQ(SignIn(agent_.username, kPassword, address), kSignedIn);
    EXPECT_EQ(SignIn(agent_.username, "wrong", address), ErrorCode::kUnauthenticated) << "a success starts afresh";
    EXPECT_EQ(SignIn(agent_.username, kPassword, address), kSignedIn);
}

TEST_F(LoginThrottle, TheWaitHasACeiling) {
    const std::string address = "192.0.2.11";
    int retry_after = 0;
    for (int failure = 0; failure < 40; ++failure) {
        ASSERT_EQ(SignIn(agent_.username, "wrong", address), ErrorCode::kUnauthenticated) << failure;
        if (SignIn(agent_.username, "wrong", address, &retry_after) == ErrorCode::kRateLimited) {
            EXPECT_LE(retry_after, 15 * 60);
            clock_.Advance(std::chrono::seconds(retry_after));
        }
    }
    EXPECT_EQ(retry_after, 15 * 60);
}

TEST_F(LoginThrottle, ConcurrentWrongPasswordsForOneAccountAreAllCountedAndOnlyTheFreeOnesVerified) {
    constexpr int kAttempts = 60;
    std::atomic<int> unauthenticated{0}, limited{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kAttempts; ++i) {
        threads.emplace_back([&, i] {
            std::optional<ErrorCode> code = SignIn(agent_.username, "wrong-" + std::to_string(i), "198.51.100.7");
            (code == ErrorCode::kUnauthenticated ? unauthenticated
             : code == ErrorCode::kRateLimited   ? limited
                                                 : other)++;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(unauthenticated.load(), 5);
    EXPECT_EQ(limited.load(), kAttempts - 5);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(hasher_.Verified(), 5);
}

TEST_F(LoginThrottle, ConcurrentWrongPasswordsFromOneAddressAreAllCountedAgainstIt) {
    constexpr int kAttempts = 60;
    const std::string address = "198.51.100.8";
    std::atomic<int> unauthenticated{0}, limited{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kAttempts; ++i) {
        threads.emplace_back([&, i] {
            // A different user name each time: only the per-address limit (20) applies.
            std::optional<ErrorCode> code = SignIn("user" + std::to_string(i), "wrong", address);
            (code == ErrorCode::kUnauthenticated ? unauthenticated
             : code == ErrorCode::kRateLimited   ? limited
                                                 : other)++;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(unauthenticated.load(), 20);
    EXPECT_EQ(limited.load(), kAttempts - 20);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(hasher_.Verified(), 20);
    EXPECT_EQ(AddressCount(address), 20);
    EXPECT_EQ(SignIn(agent_.username, kPassword, "198.51.100.9"), kSignedIn);
}

}  // namespace
}  // namespace kesu::use_case_test
