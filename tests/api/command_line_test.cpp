// The kesu command line: `user create` takes a password without putting it on the command line; --version; usage
// errors end with status 2 and say what was wrong.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>

#include "api/api_client.hpp"
#include "api/kesu_process.hpp"

namespace kesu::api_test {
namespace {

// Runs `kesu <args>` with `input` on its standard input.
CommandResult RunExactly(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), KesuProcess::Binary());
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(in[1]);
        close(out[0]);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    (void)!write(in[1], input.data(), input.size());
    close(in[1]);
    CommandResult result;
    std::array<char, 4096> buffer{};
    ssize_t count = 0;
    while ((count = read(out[0], buffer.data(), buffer.size())) > 0)
        result.output.append(buffer.data(), static_cast<std::size_t>(count));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// Runs `kesu <args> --data DIR [--db URL]` with `input` on its standard input.
CommandResult RunWithInput(const KesuProcess& kesu, std::vector<std::string> args, const std::string& input) {
    args.insert(args.end(), {"--data", kesu.DataDirectory()});
    if (!kesu.DatabaseUrl().empty()) args.insert(args.end(), {"--db", kesu.DatabaseUrl()});
    return RunExactly(std::move(args), input);
}

std::string WriteFile(const KesuProcess& kesu, const std::string& name, const std::string& text) {
    std::string path = kesu.DataDirectory() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST(CommandLine, UserCreateReadsThePasswordFromAFileOrStandardInput) {
    KesuProcess kesu;
    CommandResult from_stdin =
        RunWithInput(kesu, {"user", "create", "--username", "stdin.user", "--password-stdin", "--role", "agent"},
                     "Stdin-Passw0rd!\n");
    ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.output;
    std::string file = WriteFile(kesu, "password.txt", "File-Passw0rd!23\r\n");
    CommandResult from_file =
        kesu.Run({"user", "create", "--username", "file.user", "--password-file", file, "--role", "agent"});
    ASSERT_EQ(from_file.exit_code, 0) << from_file.output;

    kesu.Start();
    ApiClient client(kesu.BaseUrl());
    EXPECT_EQ(client.Login("stdin.user", "Stdin-Passw0rd!").status, 200);
    EXPECT_EQ(client.Login("file.user", "File-Passw0rd!23").status, 200);
    EXPECT_EQ(client.Login("file.user", "File-Passw0rd!23\r").status, 401);
}

TEST(CommandLine, APasswordThatIsNotOneLineIsRefusedBeforeAnythingIsWritten) {
    KesuProcess kesu;
    CommandResult two_lines =
        RunWithInput(kesu, {"user", "create", "--username", "two.lines", "--password-stdin", "--role", "agent"},
                     "Passw0rd!23\nmore\n");
    EXPECT_EQ(two_lines.exit_code, 2);
    EXPECT_NE(two_lines.output.find("one non-empty line of standard input"), std::string::npos) << two_lines.output;

    std::string empty = WriteFile(kesu, "empty.txt", "\n");
    CommandResult blank =
        kesu.Run({"user", "create", "--username", "blank", "--password-file", empty, "--role", "agent"});
    EXPECT_EQ(blank.exit_code, 2);
    EXPECT_NE(blank.output.find("one non-empty line of " + empty), std::string::npos) << blank.output;

    CommandResult missing = kesu.Run({"user", "create", "--username", "missing", "--password-file",
                                      kesu.DataDirectory() + "/nope", "--role", "agent"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.output.find("cannot read " + kesu.DataDirectory() + "/nope"), std::string::npos)
        << missing.output;
    EXPECT_FALSE(std::filesystem::exists(kesu.DataDirectory() + "/kesu.db")) << "nothing opened before the check";
}

TEST(CommandLine, UserCreateTakesExactlyOneSourceOfThePassword) {
    KesuProcess kesu;
    std::string file = WriteFile(kesu, "password.txt", "File-Passw0rd!23\n");
    CommandResult both = kesu.Run({"user", "create", "--username", "both", "--password", "Passw0rd!234",
                                   "--password-file", file, "--role", "agent"});
    EXPECT_EQ(both.exit_code, 2);
    CommandResult none = kesu.Run({"user", "create", "--username", "none", "--role", "agent"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.output.find("password"), std::string::npos) << none.output;
}

TEST(CommandLine, VersionIsPrintedByTheFlagAndTheCommand) {
    CommandResult flag = RunExactly({"--version"});
    EXPECT_EQ(flag.exit_code, 0) << flag.output;
    EXPECT_TRUE(flag.output.starts_with("kesu ")) << flag.output;
    EXPECT_NE(flag.output.find("(commit "), std::string::npos) << flag.output;
    EXPECT_EQ(RunExactly({"version"}).output, flag.output);
}

TEST(CommandLine, UsageErrorsExitWithStatus2AndNameWhatIsWrong) {
    KesuProcess kesu;
    CommandResult unknown = kesu.Run({"frobnicate"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.output.find("frobnicate"), std::string::npos) << unknown.output;
    CommandResult bad_value = kesu.Run({"serve", "--port", "99999"});
    EXPECT_EQ(bad_value.exit_code, 2);
    EXPECT_NE(bad_value.output.find("--port: Value 99999 not in range"), std::string::npos) << bad_value.output;
    CommandResult bad_option = kesu.Run({"migrate", "--frobnicate"});
    EXPECT_EQ(bad_option.exit_code, 2);
    EXPECT_NE(bad_option.output.find("--frobnicate"), std::string::npos) << bad_option.output;
    CommandResult no_command = RunExactly({});
    EXPECT_EQ(no_command.exit_code, 2);
    EXPECT_NE(no_command.output.find("a command is required"), std::string::npos) << no_command.output;
    CommandResult half_command = RunExactly({"user"});
    EXPECT_EQ(half_command.exit_code, 2);
    EXPECT_NE(half_command.output.find("user create"), std::string::npos) << half_command.output;
    EXPECT_EQ(RunExactly({"serve", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace kesu::api_test
